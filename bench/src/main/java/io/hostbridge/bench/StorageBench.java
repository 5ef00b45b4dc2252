package io.hostbridge.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Storage benchmarks against a running agent over REST (bench/storage.sh starts it):
 * Volume.create latency for N sparse volumes; StorageDomain.getStats and Volume.getInfo latency with those N
 * volumes in the domain; copy/convert throughput through a Volume.copy job against qemu-img convert run directly
 * on the same files, in alternating rounds. Prints markdown.
 * Usage: StorageBench BASE_URL WORK_DIR VOLUMES COPY_MIB ROUNDS
 */
public final class StorageBench {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern STATUS = Pattern.compile("\"status\":\"(\\w+)\"");
    private static final Pattern PATH = Pattern.compile("\"path\":\"([^\"]+)\"");

    private final URI base;

    private StorageBench(URI base) {
        this.base = base;
    }

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        Path work = Path.of(args[1]);
        int count = Integer.parseInt(args[2]);
        int copyMib = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        new StorageBench(base).run(work, count, copyMib, rounds);
    }

    private String call(String verb, String json) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/v1/rpc/" + verb))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(verb + " failed: " + r.body());
        }
        return r.body();
    }

    private void run(Path work, int count, int copyMib, int rounds) throws Exception {
        Path domains = Files.createDirectories(work.resolve("domains"));
        String sd = UUID.randomUUID().toString();
        call("StorageDomain.create", "{\"storagedomainID\":\"" + sd + "\",\"domainType\":\"localfs\",\"typeArgs\":\""
                + domains + "\",\"name\":\"bench\",\"domainClass\":\"data\"}");
        System.out.println("| measure | calls | mean | p50 | p99 | max |");
        System.out.println("|---|---|---|---|---|---|");
        for (String format : List.of("RAW", "COW")) {
            long[] create = new long[count];
            List<String[]> made = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String image = UUID.randomUUID().toString();
                String volume = UUID.randomUUID().toString();
                long start = System.nanoTime();
                call("Volume.create", "{\"volumeID\":\"" + volume + "\",\"storagedomainID\":\"" + sd + "\",\"imageID\":\""
                        + image + "\",\"size\":10737418240,\"volFormat\":\"" + format + "\",\"preallocate\":\"SPARSE\"}");
                create[i] = System.nanoTime() - start;
                made.add(new String[] {image, volume});
            }
            row("Volume.create, sparse " + format + " 10 GiB (domain holding up to " + (made.size() * (format.equals(
                    "RAW") ? 1 : 2)) + " volumes)", create);
            if (format.equals("COW")) {
                Random random = new Random(1);
                long[] stats = new long[count];
                long[] info = new long[count];
                for (int i = 0; i < count; i++) {
                    long start = System.nanoTime();
                    call("StorageDomain.getStats", "{\"storagedomainID\":\"" + sd + "\"}");
                    stats[i] = System.nanoTime() - start;
                    String[] v = made.get(random.nextInt(made.size()));
                    start = System.nanoTime();
                    call("Volume.getInfo", "{\"storagedomainID\":\"" + sd + "\",\"imageID\":\"" + v[0]
                            + "\",\"volumeID\":\"" + v[1] + "\"}");
                    info[i] = System.nanoTime() - start;
                }
                row("StorageDomain.getStats, " + 2 * count + " volumes in the domain", stats);
                row("Volume.getInfo (COW), " + 2 * count + " volumes in the domain", info);
            }
        }
        copies(sd, work, copyMib, rounds);
    }

    private void copies(String sd, Path work, int mib, int rounds) throws Exception {
        String image = UUID.randomUUID().toString();
        String volume = UUID.randomUUID().toString();
        call("Volume.create", "{\"volumeID\":\"" + volume + "\",\"storagedomainID\":\"" + sd + "\",\"imageID\":\""
                + image + "\",\"size\":" + ((long) mib << 20) + ",\"volFormat\":\"RAW\",\"preallocate\":\"SPARSE\"}");
        Path source = Path.of(match(PATH, call("Volume.getInfo", "{\"storagedomainID\":\"" + sd + "\",\"imageID\":\""
                + image + "\",\"volumeID\":\"" + volume + "\"}")));
        // random data: nothing to skip or compress, every byte is read and written
        exec("dd", "if=/dev/urandom", "of=" + source, "bs=1M", "count=" + mib, "conv=notrunc", "status=none");
        System.out.println();
        System.out.println("| copy of " + mib + " MiB of random data (page cache dropped before each, timed until synced) | round | direct qemu-img convert | job (Volume.copy)"
                + " | job / direct throughput |");
        System.out.println("|---|---|---|---|---|");
        for (String format : List.of("COW", "RAW")) {
            // one unmeasured copy each way first: the agent's first job also pays for class loading and JIT
            direct(source, work.resolve("direct." + format), format);
            job(sd, image, volume, format);
            double directTotal = 0;
            double jobTotal = 0;
            for (int round = 1; round <= rounds; round++) {
                // alternate which goes first, so neither always meets the same state of the disk
                double direct = 0;
                double job = 0;
                for (int turn = 0; turn < 2; turn++) {
                    quiesce();
                    if ((turn + round) % 2 == 0) {
                        direct = direct(source, work.resolve("direct." + format), format);
                    } else {
                        job = job(sd, image, volume, format);
                    }
                }
                directTotal += direct;
                jobTotal += job;
                System.out.printf("| RAW → %s | %d | %.2f s (%.0f MiB/s) | %.2f s (%.0f MiB/s) | %.3f |%n", format,
                        round, direct, mib / direct, job, mib / job, direct / job);
            }
            System.out.printf("| RAW → %s | all | %.2f s (%.0f MiB/s) | %.2f s (%.0f MiB/s) | **%.3f** |%n", format,
                    directTotal, rounds * mib / directTotal, jobTotal, rounds * mib / jobTotal, directTotal / jobTotal);
        }
    }

    private static double direct(Path source, Path target, String format) throws Exception {
        Files.deleteIfExists(target);
        long start = System.nanoTime();
        if (format.equals("COW")) {
            exec("qemu-img", "convert", "-p", "-f", "raw", "-O", "qcow2", "-o", "compat=1.1", source.toString(),
                    target.toString());
        } else {
            exec("qemu-img", "convert", "-p", "-f", "raw", "-O", "raw", source.toString(), target.toString());
        }
        exec("sync"); // until the data is on disk, as for the job
        double seconds = (System.nanoTime() - start) / 1e9;
        Files.delete(target);
        return seconds;
    }

    /** Volume.copy, from the call until Job.getStatus says done (polled every 10 ms) and the data is synced. */
    private double job(String sd, String image, String volume, String format) throws Exception {
        String dstImage = UUID.randomUUID().toString();
        long start = System.nanoTime();
        String job = call("Volume.copy", "{\"storagedomainID\":\"" + sd + "\",\"imageID\":\"" + image
                + "\",\"volumeID\":\"" + volume + "\",\"dstSdUUID\":\"" + sd + "\",\"dstImgUUID\":\"" + dstImage
                + "\",\"dstVolUUID\":\"" + UUID.randomUUID() + "\",\"volFormat\":\"" + format
                + "\",\"preallocate\":\"SPARSE\"}").replace("\"", "");
        String status;
        do {
            Thread.sleep(10);
            status = match(STATUS, call("Job.getStatus", "{\"jobID\":\"" + job + "\"}"));
        } while (status.equals("running") || status.equals("pending"));
        exec("sync"); // until the data is on disk, as for the direct run
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!status.equals("done")) {
            throw new IllegalStateException("copy job " + job + " ended " + status);
        }
        String deleteJob = call("Image.delete", "{\"storagedomainID\":\"" + sd + "\",\"imageID\":\"" + dstImage + "\"}")
                .replace("\"", "");
        while (!match(STATUS, call("Job.getStatus", "{\"jobID\":\"" + deleteJob + "\"}")).equals("done")) {
            Thread.sleep(10);
        }
        return seconds;
    }

    /**
     * Writes back what earlier runs left dirty and empties the page cache (as root), so every copy reads its source
     * from disk and no copy pays for the previous one's write-back.
     */
    private static void quiesce() throws Exception {
        exec("sync");
        Path drop = Path.of("/proc/sys/vm/drop_caches");
        if (Files.isWritable(drop)) {
            Files.writeString(drop, "3\n");
        }
    }

    private static String match(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException(pattern + " not in " + text);
        }
        return m.group(1);
    }

    private static void exec(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect
                .DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    private static void row(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0) / 1e6;
        System.out.printf("| %s | %d | %.2f ms | %.2f ms | %.2f ms | %.2f ms |%n", what, sorted.length, mean,
                sorted[sorted.length / 2] / 1e6, sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }
}
