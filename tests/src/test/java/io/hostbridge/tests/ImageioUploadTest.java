package io.hostbridge.tests;

import static io.hostbridge.tests.ImageTickets.MiB;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads as curl sends them, large and at unaligned offsets, over the unix socket and plain TCP (where the body is
 * read into page-aligned blocks and written past the page cache): every byte lands
 * where it belongs and nothing around it changes, with the default upload window and with the smallest one (TLS
 * uploads: ImageioTlsTest).
 */
class ImageioUploadTest {
    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(Map.of());
    /** The smallest window (4 KiB): parts are passed on long before a block fills. */
    @RegisterExtension
    static final AgentExtension narrow = new AgentExtension(Map.of("imageio.bufferSize", "4096"));

    @TempDir
    Path tmp;

    private static final long SIZE = 40 * MiB;

    @Test
    void wholeImagesAndUnalignedRangesArriveIntactOverEveryTransport() throws Exception {
        for (AgentExtension a : List.of(agent, narrow)) {
            ImageTickets tickets = new ImageTickets(a);
            for (String way : List.of("unix", "tcp")) {
                Path volume = tickets.rawVolume(SIZE);
                String ticket = tickets.add(volume, SIZE, true);
                byte[] expected = new byte[(int) SIZE];
                // the whole image, then parts at offsets no page boundary divides, some shorter than a block
                put(a, tickets, way, ticket, expected, 0, (int) SIZE, 1);
                put(a, tickets, way, ticket, expected, 12_345, 3 * MiB + 777, 2);
                put(a, tickets, way, ticket, expected, 7 * MiB - 1, 4095, 3);
                put(a, tickets, way, ticket, expected, 20 * MiB + 4096, 9 * MiB, 4);
                put(a, tickets, way, ticket, expected, SIZE - 100_001, 100_001, 5);
                assertThat(Files.readAllBytes(volume)).as("%s over %s", a == agent ? "default window" : "4 KiB window",
                        way).isEqualTo(expected);
            }
        }
    }

    @Test
    void severalUploadsOnOneConnectionEachLandWhereTheirRangeSays() throws Exception {
        ImageTickets tickets = new ImageTickets(agent);
        Path volume = tickets.rawVolume(SIZE);
        String ticket = tickets.add(volume, SIZE, true);
        byte[] expected = new byte[(int) SIZE];
        // one curl, one kept-alive connection: the next request's head follows the last body's bytes
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--fail", "--max-time", "60",
                "--unix-socket", agent.imageioSocket().toString()));
        long[][] parts = {{5 * MiB + 3, 6 * MiB}, {0, 2 * MiB + 1}, {30 * MiB, 10 * MiB}, {2 * MiB + 1, 4096}};
        for (int i = 0; i < parts.length; i++) {
            byte[] data = random(i + 10, (int) parts[i][1]);
            System.arraycopy(data, 0, expected, (int) parts[i][0], data.length);
            Path file = tmp.resolve("part" + i);
            Files.write(file, data);
            if (i > 0) {
                command.add("--next");
                command.addAll(List.of("--fail", "--unix-socket", agent.imageioSocket().toString()));
            }
            command.addAll(List.of("-X", "PUT", "--upload-file", file.toString(), "-H", "Content-Range: bytes "
                    + parts[i][0] + "-" + (parts[i][0] + parts[i][1] - 1) + "/*",
                    "http://localhost/images/" + ticket + "?flush=n", "-w", "%{num_connects} "));
        }
        Shell.Result r = Shell.run(command, 90);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().trim().split(" ")).containsExactly("1", "0", "0", "0");
        assertThat(Files.readAllBytes(volume)).isEqualTo(expected);
        assertThat(tickets.info(ticket).get("transferred").asLong())
                .isEqualTo(Arrays.stream(parts).mapToLong(p -> p[1]).sum());
    }

    @Test
    void anUploadCutOffMidwayLeavesWhatItSentWrittenAndTheNextOneIsWhole() throws Exception {
        ImageTickets tickets = new ImageTickets(agent);
        Path volume = tickets.rawVolume(SIZE);
        String ticket = tickets.add(volume, SIZE, true);
        byte[] data = random(42, (int) SIZE);
        Path file = tmp.resolve("data");
        Files.write(file, data);
        // curl gives up after 2 s at 3 MB/s: the agent sees the connection close in the middle of a block (the body
        // starts at an offset no page divides, so no block ends where curl's writes do)
        int offset = 12_345;
        Path tail = tmp.resolve("tail");
        Files.write(tail, Arrays.copyOfRange(data, offset, data.length));
        Shell.Result cut = Shell.run(List.of("curl", "-sS", "--max-time", "2", "--limit-rate", "3M", "--unix-socket",
                agent.imageioSocket().toString(), "-X", "PUT", "--upload-file", tail.toString(), "-H",
                "Content-Range: bytes " + offset + "-" + (SIZE - 1) + "/*", "-w", "%{size_upload}",
                "http://localhost/images/" + ticket), 30);
        assertThat(cut.exit()).isNotZero();
        int end = offset + Integer.parseInt(cut.out().trim());
        assertThat(end).isBetween(1 << 20, (int) SIZE / 2);
        // every byte curl sent is written, as it was before the body was read into blocks; nothing around them
        Poll.until(Duration.ofSeconds(10), "the bytes sent before the cut written", () -> {
            byte[] now = Files.readAllBytes(volume);
            return Arrays.equals(now, offset, end, data, offset, end) ? now : null;
        });
        byte[] now = Files.readAllBytes(volume);
        assertThat(Arrays.copyOfRange(now, 0, offset)).containsOnly(0);
        assertThat(Arrays.copyOfRange(now, end, now.length)).containsOnly(0);

        Shell.Result whole = Shell.run(List.of("curl", "-sS", "--fail", "--max-time", "60", "--unix-socket",
                agent.imageioSocket().toString(), "-X", "PUT", "--upload-file", file.toString(),
                "http://localhost/images/" + ticket), 90);
        assertThat(whole.exit()).as(whole.err()).isZero();
        assertThat(Files.readAllBytes(volume)).isEqualTo(data);
    }

    /**
     * Forty slow uploads at once, eight writers on each of five tickets: each holds a block while it trickles in, more
     * than the agent has (32), so some bodies are read as before, through the page cache; every byte lands where it
     * belongs.
     */
    @Test
    void moreUploadsAtOnceThanBlocksAllArriveIntact() throws Exception {
        ImageTickets tickets = new ImageTickets(agent);
        int writers = 8;
        int part = 2 * 1024 * 1024 - 1000;
        List<Path> volumes = new ArrayList<>();
        List<byte[]> expected = new ArrayList<>();
        List<Process> curls = new ArrayList<>();
        for (int v = 0; v < 5; v++) {
            Path volume = tickets.rawVolume(SIZE);
            String ticket = tickets.add(volume, SIZE, true);
            byte[] image = new byte[(int) SIZE];
            for (int w = 0; w < writers; w++) {
                long offset = w * 3L * MiB + 1000 + v;
                byte[] data = random(100 + v * writers + w, part);
                System.arraycopy(data, 0, image, (int) offset, part);
                Path file = tmp.resolve("many-" + v + "-" + w);
                Files.write(file, data);
                curls.add(new ProcessBuilder("curl", "-sS", "--fail-with-body", "--max-time", "60", "--limit-rate",
                        "300K", "--unix-socket",
                        agent.imageioSocket().toString(), "-X", "PUT", "--upload-file", file.toString(), "-H",
                        "Content-Range: bytes " + offset + "-" + (offset + part - 1) + "/*",
                        "http://localhost/images/" + ticket + "?flush=n").redirectErrorStream(true).start());
            }
            volumes.add(volume);
            expected.add(image);
        }
        for (Process curl : curls) {
            assertThat(curl.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(curl.exitValue()).as(new String(curl.getInputStream().readAllBytes())).isZero();
        }
        for (int v = 0; v < volumes.size(); v++) {
            assertThat(Files.readAllBytes(volumes.get(v))).as("volume %d", v).isEqualTo(expected.get(v));
        }
    }

    /** PUTs {@code length} random bytes at {@code offset} with curl, and records them in {@code expected}. */
    private void put(AgentExtension a, ImageTickets tickets, String way, String ticket, byte[] expected, long offset,
                     int length, int seed) throws Exception {
        byte[] data = random(seed, length);
        System.arraycopy(data, 0, expected, (int) offset, length);
        Path file = tmp.resolve("put-" + seed);
        Files.write(file, data);
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--fail-with-body", "--max-time", "60",
                "-X", "PUT", "--upload-file", file.toString(),
                "-H", "Content-Range: bytes " + offset + "-" + (offset + length - 1) + "/*"));
        if (way.equals("unix")) {
            command.addAll(List.of("--unix-socket", a.imageioSocket().toString(), "http://localhost/images/" + ticket));
        } else {
            command.add(tickets.url(ticket));
        }
        Shell.Result r = Shell.run(command, 90);
        assertThat(r.exit()).as("%s PUT at %d: %s %s", way, offset, r.out(), r.err()).isZero();
    }

    private static byte[] random(int seed, int length) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }
}
