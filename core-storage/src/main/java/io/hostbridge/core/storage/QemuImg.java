package io.hostbridge.core.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hostbridge.api.storage.VolumeFormat;
import io.hostbridge.core.Spawner;
import io.hostbridge.core.jobs.JobControl;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code qemu-img} as a subprocess, started by {@link Spawner} so that a copy dies with the agent instead of
 * writing on after a crash. Failures carry a one-line summary of qemu-img's
 * error with file paths taken out (they never go over the wire).
 */
final class QemuImg {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PROGRESS = Pattern.compile("\\((\\d+(?:\\.\\d+)?)/100%\\)");
    private static final Pattern PATH = Pattern.compile("/[^\\s:'\"]+");

    private final List<String> command;
    private final long rateLimit;

    /** @param rateLimit bytes per second for convert; 0 for none */
    QemuImg(long rateLimit) {
        this.rateLimit = rateLimit;
        this.command = List.of("qemu-img");
    }

    /** What {@code qemu-img info} reports. */
    record Info(String format, long virtualSize, long actualSize, String backingFilename) {
    }

    /** What {@code qemu-img measure} reports. */
    record Measure(long required, long fullyAllocated) {
    }

    /** qemu-img exited with an error; {@link #getMessage()} is the path-free summary. */
    static final class Failure extends IOException {
        private static final long serialVersionUID = 1L;
        private final boolean diskFull;

        Failure(String summary, boolean diskFull) {
            super(summary);
            this.diskFull = diskFull;
        }

        boolean diskFull() {
            return diskFull;
        }
    }

    static String qemuName(VolumeFormat format) {
        return format == VolumeFormat.COW ? "qcow2" : "raw";
    }

    /**
     * Creates an image. {@code backing} is the backing file name relative to the new file's directory.
     */
    void create(Path file, VolumeFormat format, long size, boolean preallocate, String backing,
                VolumeFormat backingFormat) throws IOException {
        List<String> args = new ArrayList<>(List.of("create", "-q", "-f", qemuName(format)));
        List<String> options = new ArrayList<>();
        if (format == VolumeFormat.COW) {
            options.add("compat=1.1");
        }
        if (preallocate) {
            options.add("preallocation=falloc");
        }
        if (!options.isEmpty()) {
            args.addAll(List.of("-o", String.join(",", options)));
        }
        if (backing != null) {
            args.addAll(List.of("-b", backing, "-F", qemuName(backingFormat)));
        }
        args.add(file.toString());
        args.add(Long.toString(size));
        run(args, null);
    }

    Info info(Path file) throws IOException {
        JsonNode node = JSON.readTree(run(List.of("info", "-U", "--output=json", file.toString()), null));
        return new Info(node.path("format").asText(), node.path("virtual-size").asLong(),
                node.path("actual-size").asLong(), node.hasNonNull("backing-filename")
                ? node.path("backing-filename").asText() : null);
    }

    /** What {@code qemu-img info} reports of a file's format-specific data, as Volume.getQemuImageInfo gives it. */
    record Details(String format, long virtualSize, Long clusterSize, String backingFilename, String compat,
                   List<Bitmap> bitmaps) {
    }

    /** A persistent dirty bitmap of a qcow2 file. */
    record Bitmap(String name, long granularity, List<String> flags) {
    }

    Details details(Path file) throws IOException {
        return details(JSON.readTree(run(List.of("info", "-U", "--output=json", file.toString()), null)));
    }

    /** The file and every file under it in its backing chain, the file first. */
    List<Details> chain(Path file) throws IOException {
        List<Details> out = new ArrayList<>();
        for (JsonNode node : JSON.readTree(run(List.of("info", "-U", "--backing-chain", "--output=json",
                file.toString()), null))) {
            out.add(details(node));
        }
        return out;
    }

    private static Details details(JsonNode node) {
        JsonNode data = node.path("format-specific").path("data");
        List<Bitmap> bitmaps = new ArrayList<>();
        for (JsonNode b : data.path("bitmaps")) {
            List<String> flags = new ArrayList<>();
            b.path("flags").forEach(f -> flags.add(f.asText()));
            bitmaps.add(new Bitmap(b.path("name").asText(), b.path("granularity").asLong(), List.copyOf(flags)));
        }
        boolean qcow2 = "qcow2".equals(node.path("format").asText());
        return new Details(node.path("format").asText(), node.path("virtual-size").asLong(),
                node.hasNonNull("cluster-size") ? node.path("cluster-size").asLong() : null,
                node.hasNonNull("backing-filename") ? node.path("backing-filename").asText() : null,
                data.hasNonNull("compat") ? data.path("compat").asText() : null,
                qcow2 ? List.copyOf(bitmaps) : null);
    }

    /** What qemu-img reports of a file that may hold anything: the fields Volume.verify_untrusted checks. */
    record Untrusted(String format, long virtualSize, String backingFilename, String compat, String dataFile) {
    }

    /**
     * qemu-img info of a file an untrusted party wrote: the format probed (not given), no backing chain opened, and
     * qemu-img limited to 30 s of CPU and 1 GiB of address space (prlimit), as VDSM runs it, so that a crafted header
     * cannot make it run away.
     */
    Untrusted untrusted(Path file) throws IOException {
        List<String> args = List.of("info", "-U", "--output=json", file.toString());
        JsonNode node = JSON.readTree(run(args, null, List.of("prlimit", "--cpu=30", "--as=1073741824")));
        JsonNode data = node.path("format-specific").path("data");
        return new Untrusted(node.path("format").asText(), node.path("virtual-size").asLong(),
                node.hasNonNull("backing-filename") ? node.path("backing-filename").asText() : null,
                data.hasNonNull("compat") ? data.path("compat").asText() : null,
                data.hasNonNull("data-file") ? data.path("data-file").asText() : null);
    }

    /** Adds an enabled persistent bitmap; the name was checked by the caller (no leading '-'). */
    void addBitmap(Path file, String name) throws IOException {
        run(List.of("bitmap", "--add", "-f", "qcow2", file.toString(), name), null);
    }

    void removeBitmap(Path file, String name) throws IOException {
        run(List.of("bitmap", "--remove", "-f", "qcow2", file.toString(), name), null);
    }

    /** Copies {@code top}'s data into its backing file {@code base} (qemu-img commit); top keeps its data (-d). */
    void commit(Path top, Path base, JobControl control) throws IOException {
        run(List.of("commit", "-p", "-d", "-f", "qcow2", "-t", "none", "-b", base.toString(), top.toString()), control);
    }

    /** Makes {@code file} backed by {@code backing} without copying anything (its data already is there). */
    void rebaseUnsafe(Path file, String backing, VolumeFormat backingFormat) throws IOException {
        run(List.of("rebase", "-u", "-f", "qcow2", "-b", backing, "-F", qemuName(backingFormat), file.toString()), null);
    }

    /** Merges bitmap {@code name} of {@code source} into the same-named bitmap of {@code target} (made if absent). */
    void mergeBitmap(Path source, Path target, String name, boolean create) throws IOException {
        if (create) {
            addBitmap(target, name);
        }
        run(List.of("bitmap", "--merge", name, "-b", source.toString(), "-F", "qcow2", "-f", "qcow2",
                target.toString(), name), null);
    }

    /**
     * Writes {@code source}'s guest view into the new qcow2 {@code target}, backed by {@code backing} (relative name,
     * null for none): only what differs from the backing, and no zero clusters written.
     */
    void rewriteQcow2(Path source, Path target, String backing, VolumeFormat backingFormat, JobControl control)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("convert", "-p", "-f", "qcow2", "-O", "qcow2", "-o", "compat=1.1"));
        if (backing != null) {
            args.addAll(List.of("-B", backing, "-F", qemuName(backingFormat)));
        }
        args.add(source.toString());
        args.add(target.toString());
        run(args, control);
    }

    /** Changes a qcow2 file's compatibility level ("0.10" or "1.1"). */
    void amendCompat(Path file, String compat) throws IOException {
        run(List.of("amend", "-f", "qcow2", "-o", "compat=" + compat, file.toString()), null);
    }

    void resize(Path file, VolumeFormat format, long size, boolean preallocate) throws IOException {
        List<String> args = new ArrayList<>(List.of("resize", "-q", "-f", qemuName(format)));
        if (preallocate) {
            args.add("--preallocation=falloc");
        }
        args.add(file.toString());
        args.add(Long.toString(size));
        run(args, null);
    }

    Measure measure(Path file, VolumeFormat format, VolumeFormat target) throws IOException {
        JsonNode node = JSON.readTree(run(List.of("measure", "--output=json", "-f", qemuName(format), "-O",
                qemuName(target), file.toString()), null));
        return new Measure(node.path("required").asLong(), node.path("fully-allocated").asLong());
    }

    /**
     * Copies {@code source} (its whole chain) into the existing {@code target} ({@code -n}), reporting progress and
     * killing qemu-img when the job is aborted. {@code targetIsZero}: the target is new, so zeros need no writing.
     */
    void convert(Path source, VolumeFormat sourceFormat, Path target, VolumeFormat targetFormat, boolean targetIsZero,
                 JobControl control) throws IOException {
        List<String> args = new ArrayList<>(List.of("convert", "-p", "-n", "-f", qemuName(sourceFormat), "-O",
                qemuName(targetFormat)));
        if (targetIsZero) {
            args.add("--target-is-zero");
        }
        if (rateLimit > 0) {
            args.addAll(List.of("-r", Long.toString(rateLimit)));
        }
        args.add(source.toString());
        args.add(target.toString());
        run(args, control);
    }

    /** Runs qemu-img; returns its standard output, or the progress it printed is fed to {@code control}. */
    private String run(List<String> args, JobControl control) throws IOException {
        return run(args, control, List.of());
    }

    /** As {@link #run(List, JobControl)}, qemu-img started through {@code wrapper} (e.g. prlimit with its options). */
    private String run(List<String> args, JobControl control, List<String> wrapper) throws IOException {
        List<String> full = new ArrayList<>(wrapper);
        full.addAll(command);
        full.addAll(args);
        Process process = Spawner.start(new ProcessBuilder(full));
        process.getOutputStream().close();
        if (control != null) {
            control.onAbort(process::destroyForcibly);
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = new Thread(() -> drain(process.getErrorStream(), err), "qemu-img-stderr");
        errReader.setDaemon(true);
        errReader.start();
        String out;
        try {
            out = control == null ? new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    : readProgress(process.getInputStream(), control::progress);
            int exit = process.waitFor();
            errReader.join();
            if (exit != 0) {
                String stderr = err.toString(StandardCharsets.UTF_8);
                throw new Failure(summary(args.get(0), stderr, exit), stderr.contains("No space left on device"));
            }
            return out;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while qemu-img " + args.get(0) + " ran", e);
        }
    }

    /** qemu-img -p rewrites one line with carriage returns: "    (12.50/100%)\r". */
    private static String readProgress(InputStream in, DoubleConsumer progress) throws IOException {
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = reader.read()) >= 0) {
            if (c == '\r' || c == '\n') {
                Matcher m = PROGRESS.matcher(line);
                if (m.find()) {
                    progress.accept(Double.parseDouble(m.group(1)));
                }
                line.setLength(0);
            } else if (line.length() < 256) {
                line.append((char) c);
            }
        }
        return "";
    }

    private static void drain(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            // the process ended
        }
    }

    /** The last line qemu-img wrote, without its "qemu-img: " prefix and with paths replaced by "<file>". */
    static String summary(String verb, String stderr, int exit) {
        String last = "";
        for (String line : stderr.split("\n")) {
            if (!line.isBlank()) {
                last = line.strip();
            }
        }
        last = last.replaceFirst("^qemu-img: ", "");
        last = PATH.matcher(last).replaceAll("<file>");
        if (last.length() > 300) {
            last = last.substring(0, 300) + "...";
        }
        return "qemu-img " + verb + " failed (exit " + exit + ")" + (last.isEmpty() ? "" : ": " + last);
    }
}
