package io.hostbridge.nbd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Real qemu-img / qemu-io runs for the tests: create images, write to them, and read qemu's own map. */
public final class QemuImages {

    private static final Pattern MAP_ENTRY = Pattern.compile(
            "\"start\": (\\d+), \"length\": (\\d+), \"depth\": (\\d+), \"present\": (true|false), \"zero\": (true|false)");

    private QemuImages() {
    }

    public static Path create(Path dir, String name, String format, String size, String... options) throws Exception {
        Path image = dir.resolve(name);
        List<String> cmd = new ArrayList<>(List.of("qemu-img", "create", "-q", "-f", format));
        cmd.addAll(List.of(options));
        cmd.add(image.toString());
        cmd.add(size);
        run(cmd);
        return image;
    }

    /** Runs qemu-io commands such as {@code write -P 0x55 1M 2M} on an image. */
    public static void io(Path image, String format, String... commands) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("qemu-io", "-f", format));
        for (String c : commands) {
            cmd.add("-c");
            cmd.add(c);
        }
        cmd.add(image.toString());
        run(cmd);
    }

    /** qemu-img's map as imageio would report it: zero as qemu says, hole where no layer has the data. */
    public static List<Extent> map(Path image, String format) throws Exception {
        String json = run(List.of("qemu-img", "map", "--output=json", "-f", format, image.toString()));
        List<Extent> out = new ArrayList<>();
        Matcher m = MAP_ENTRY.matcher(json);
        while (m.find()) {
            Extent e = new Extent(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                    Boolean.parseBoolean(m.group(5)), format.equals("qcow2") && !Boolean.parseBoolean(m.group(4)));
            Extent last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.zero() == e.zero() && last.hole() == e.hole()) {
                out.set(out.size() - 1, new Extent(last.start(), last.length() + e.length(), e.zero(), e.hole()));
            } else {
                out.add(e);
            }
        }
        return out;
    }

    public static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        if (p.exitValue() != 0) {
            throw new IOException(cmd + " failed (" + p.exitValue() + "): " + out);
        }
        return out;
    }
}
