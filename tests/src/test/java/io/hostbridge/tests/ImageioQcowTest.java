package io.hostbridge.tests;

import static io.hostbridge.tests.ImageTickets.MiB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * COW (qcow2) volumes move their guest-visible data, as with imageio: through a qemu-nbd the agent starts for the
 * ticket and stops when the ticket goes. Checked against qemu-img's own view of the volumes.
 */
class ImageioQcowTest {
    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(Map.of());
    static final ImageTickets tickets = new ImageTickets(agent);

    @TempDir
    Path tmp;

    /** Writes land in the snapshot; reads show the backing volume's data where the snapshot has none. */
    @Test
    void uploadToAndDownloadFromASnapshotSeeTheBackingChain() throws Exception {
        Path base = tickets.rawVolume(8L * MiB, 0, 4L * MiB);
        byte[] baseBytes = Files.readAllBytes(base);
        Path top = tickets.snapshot(base);
        byte[] written = new byte[MiB];
        new Random(5).nextBytes(written);
        byte[] source = new byte[3 * MiB];
        System.arraycopy(written, 0, source, 2 * MiB, MiB);

        String ticket = tickets.add(top, 8L * MiB, true);
        assertThat(tickets.put(ticket, source, 2L * MiB, MiB)).isEqualTo(200);
        assertThat(tickets.zero(ticket, 3L * MiB, MiB)).isEqualTo(200); // over the base's data: must read as zeros
        assertThat(tickets.patch(ticket, "{\"op\":\"flush\"}")).isEqualTo(200);

        byte[] expected = new byte[8 * MiB];
        System.arraycopy(baseBytes, 0, expected, 0, 2 * MiB);
        System.arraycopy(written, 0, expected, 2 * MiB, MiB);
        assertThat(tickets.download(ticket)).isEqualTo(expected);

        // four connections at once, each on its own NBD connection
        String read = tickets.add(top, 8L * MiB, false);
        byte[] parallel = new byte[8 * MiB];
        ExecutorService workers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> gets = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int from = i * 2 * MiB;
                gets.add(workers.submit(() -> tickets.get(read, parallel, from, 2 * MiB)));
            }
            for (Future<Integer> f : gets) {
                assertThat(f.get()).isEqualTo(206);
            }
        } finally {
            workers.shutdownNow();
        }
        assertThat(parallel).isEqualTo(expected);
        tickets.remove(ticket);
        tickets.remove(read);

        assertThat(Files.readAllBytes(base)).as("the base volume is untouched").isEqualTo(baseBytes);
        Path converted = tmp.resolve("top.raw");
        assertThat(Shell.run(List.of("qemu-img", "convert", "-O", "raw", top.toString(), converted.toString()), 60)
                .exit()).isZero();
        assertThat(Files.readAllBytes(converted)).as("qemu-img's view of the chain").isEqualTo(expected);
    }

    @Test
    void extentsOfASparseQcow2MatchQemuImgMap() throws Exception {
        Path volume = tickets.cowVolume(16L * MiB);
        String ticket = tickets.add(volume, 16L * MiB, true);
        byte[] data = new byte[10 * MiB];
        new Random(9).nextBytes(data);
        assertThat(tickets.put(ticket, data, MiB, MiB)).isEqualTo(200);
        assertThat(tickets.put(ticket, data, 9L * MiB, 64 * 1024)).isEqualTo(200);
        assertThat(tickets.zero(ticket, 4L * MiB, 2L * MiB)).isEqualTo(200); // not sparse: zero clusters, allocated
        assertThat(tickets.patch(ticket, "{\"op\":\"flush\"}")).isEqualTo(200);
        JsonNode extents = tickets.json(ticket, "/extents");
        tickets.remove(ticket);

        List<String> ours = new ArrayList<>();
        for (JsonNode e : extents) {
            ours.add(e.get("start").asLong() + "+" + e.get("length").asLong() + " zero=" + e.get("zero").asBoolean()
                    + " hole=" + e.get("hole").asBoolean());
        }
        assertThat(ours).isEqualTo(qemuImgMap(volume));
        assertThat(ours).contains(MiB + "+" + MiB + " zero=false hole=false",
                4 * MiB + "+" + 2 * MiB + " zero=true hole=false",
                6 * MiB + "+" + 3 * MiB + " zero=true hole=true");
    }

    /** {@code qemu-img map}: runs of equal (zero, not present) merged, as imageio's zero extents say them. */
    private static List<String> qemuImgMap(Path volume) throws Exception {
        Shell.Result map = Shell.run(List.of("qemu-img", "map", "--output=json", "-f", "qcow2", volume.toString()), 60);
        assertThat(map.exit()).as(map.err()).isZero();
        List<long[]> runs = new ArrayList<>();
        for (JsonNode e : Http.JSON.readTree(map.out())) {
            long zero = e.get("zero").asBoolean() ? 1 : 0;
            long hole = e.get("present").asBoolean() ? 0 : 1;
            long[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && last[2] == zero && last[3] == hole) {
                last[1] += e.get("length").asLong();
            } else {
                runs.add(new long[] {e.get("start").asLong(), e.get("length").asLong(), zero, hole});
            }
        }
        List<String> out = new ArrayList<>();
        for (long[] r : runs) {
            out.add(r[0] + "+" + r[1] + " zero=" + (r[2] == 1) + " hole=" + (r[3] == 1));
        }
        return out;
    }

    @Test
    void curlPutsAndGetsOverTheUnixSocket() throws Exception {
        Path volume = tickets.cowVolume(4L * MiB);
        String ticket = tickets.add(volume, 4L * MiB, true);
        String socket = agent.imageioSocket().toString();
        String url = "http://localhost/images/" + ticket;
        byte[] bytes = new byte[100_000];
        new Random(11).nextBytes(bytes);
        Path data = tmp.resolve("data");
        Files.write(data, bytes);

        Shell.Result options = curl("--fail-with-body", "--unix-socket", socket, "-X", "OPTIONS", url);
        assertThat(options.out()).contains("\"max_writers\":8", "\"max_readers\":8");
        Shell.Result put = curl("-w", "%{http_code}", "--unix-socket", socket, "-X", "PUT", "--data-binary",
                "@" + data, "-H", "Content-Range: bytes 5000-104999/*", url);
        assertThat(put.out()).isEqualTo("200");
        Path back = tmp.resolve("back");
        Shell.Result get = curl("-D", "-", "-o", back.toString(), "--unix-socket", socket, "-H",
                "Range: bytes=5000-104999", url);
        assertThat(get.out()).startsWith("HTTP/1.1 206").containsIgnoringCase("content-range: bytes 5000-104999/"
                + 4 * MiB);
        assertThat(Files.readAllBytes(back)).isEqualTo(bytes);
        Path whole = tmp.resolve("whole");
        assertThat(curl("-w", "%{http_code}", "-o", whole.toString(), "--unix-socket", socket, url).out())
                .isEqualTo("200");
        tickets.remove(ticket);

        byte[] expected = new byte[4 * MiB];
        System.arraycopy(bytes, 0, expected, 5000, bytes.length);
        assertThat(Files.readAllBytes(whole)).isEqualTo(expected);
        Path converted = tmp.resolve("converted");
        assertThat(Shell.run(List.of("qemu-img", "convert", "-f", "qcow2", "-O", "raw", volume.toString(),
                converted.toString()), 60).exit()).isZero();
        assertThat(Files.readAllBytes(converted)).as("the bytes are the guest's, inside the qcow2").isEqualTo(expected);
    }

    private static Shell.Result curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30"));
        command.addAll(Arrays.asList(args));
        return Shell.run(command, 60);
    }

    /** qemu-nbd runs from the ticket's addition to its removal, and no longer: no orphan process, no socket left. */
    @Test
    void qemuNbdStopsWhenTheTicketIsRemoved() throws Exception {
        Path volume = tickets.cowVolume(MiB);
        List<Path> before = nbdFiles();
        String ticket = tickets.add(volume, MiB, false);
        assertThat(qemuNbdServing(volume)).hasSize(1);
        List<Path> added = new ArrayList<>(nbdFiles());
        added.removeAll(before);
        assertThat(added).anyMatch(p -> p.toString().endsWith(".sock"));
        assertThat(tickets.json(ticket, "/extents")).hasSize(1);

        tickets.remove(ticket);
        Poll.until(Duration.ofSeconds(10), "qemu-nbd for " + volume + " gone",
                () -> qemuNbdServing(volume).isEmpty() ? true : null);
        assertThat(nbdFiles()).as("its socket and log are removed").doesNotContainAnyElementsOf(added);
    }

    /** Process ids of the qemu-nbd processes whose command line names {@code volume}. */
    private static List<String> qemuNbdServing(Path volume) throws Exception {
        Shell.Result ps = Shell.run(List.of("ps", "-eo", "pid=,args="), 10);
        return ps.out().lines().filter(l -> l.contains("qemu-nbd") && l.contains(volume.toString())
                && !l.contains("setpriv")).map(l -> l.strip().split(" ")[0]).toList();
    }

    /** qemu-nbd's sockets and logs in the agent's run dir. */
    private static List<Path> nbdFiles() throws Exception {
        try (var files = Files.list(agent.runDir())) {
            return files.filter(p -> p.getFileName().toString().startsWith("nbd-")).toList();
        }
    }

    /** qemu-nbd locks the image: tickets on one volume share its qemu-nbd, but a reader's cannot take a writer. */
    @Test
    void ticketsOnOneVolumeShareItsQemuNbd() throws Exception {
        Path volume = tickets.cowVolume(MiB);
        String first = tickets.add(volume, MiB, false);
        String second = tickets.add(volume, MiB, false);
        assertThat(qemuNbdServing(volume)).hasSize(1);
        Http.Reply writer = tickets.call("Host.add_image_ticket", Http.JSON.createObjectNode().set("ticket",
                ImageTickets.target(volume).put("uuid", java.util.UUID.randomUUID().toString()).put("size", MiB)
                        .put("timeout", 60).set("ops", Http.JSON.createArrayNode().add("read").add("write"))));
        assertThat(writer.json().get("code").asInt()).as(writer.body()).isEqualTo(203);
        assertThat(writer.body()).contains("being read through another image ticket");
        tickets.remove(first);
        assertThat(tickets.json(second, "/extents")).hasSize(1);
        assertThat(qemuNbdServing(volume)).hasSize(1);
        tickets.remove(second);
        Poll.until(Duration.ofSeconds(10), "qemu-nbd gone", () -> qemuNbdServing(volume).isEmpty() ? true : null);
        String writing = tickets.add(volume, MiB, true);
        tickets.remove(writing);
    }

    @Test
    void aQcow2VolumeIsRefusedByUrl() throws Exception {
        Path volume = tickets.cowVolume(MiB);
        Http.Reply r = tickets.call("Host.add_image_ticket", Http.JSON.createObjectNode().set("ticket",
                ImageTickets.byUrl(volume).put("uuid", java.util.UUID.randomUUID().toString()).put("size", MiB)
                        .put("timeout", 60).set("ops", Http.JSON.createArrayNode().add("read"))));
        assertThat(r.json().get("code").asInt()).isEqualTo(5002);
        assertThat(r.body()).contains("is a qcow2 volume: name it by storagedomainID, imageID and volumeID");
    }
}
