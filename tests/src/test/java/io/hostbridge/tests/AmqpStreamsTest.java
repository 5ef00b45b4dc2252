package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hostbridge.api.AccessLevel;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data streams over AMQP as docs/amqp.md describes them, driven by a Qpid Proton client written from that guide
 * alone ({@code src/test/resources/amqp/streams.py}) against the real agent, its embedded broker (AMQPS, client
 * certificate) and real volumes: several streams and calls on one connection, holes both ways, aborts from either
 * side, and clients that misbehave.
 */
class AmqpStreamsTest {
    private static final String PORT = AmqpSupport.freePort();
    private static final int MIB = 1 << 20;
    /** Data in each of the four uploads: 4 x 256 MiB = 1 GiB. */
    private static final long DATA_PER_UPLOAD = Long.getLong("amqpStreams.mibPerUpload", 256) * MIB;

    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(Map.of("amqp.enabled", "true", "broker.port", PORT));

    @TempDir
    static Path work;
    private static ImageTickets storage;
    private static String hostId;

    @BeforeAll
    static void certificates() throws Exception {
        hostId = AmqpSupport.hostId(agent);
        AmqpSupport.issue(agent, "manager", AccessLevel.WRITE, work.resolve("manager"));
        storage = new ImageTickets(agent);
    }

    @Test
    void fourUploadsOnOneConnectionWhilePingingThenDownloadsWithHolesPreserved() throws Exception {
        List<Path> sources = new ArrayList<>();
        List<Path> volumes = new ArrayList<>();
        long quarter = DATA_PER_UPLOAD / 4;
        for (int i = 0; i < 4; i++) {
            // data, an 8 MiB hole, data, an 8 MiB hole, data: the holes must cross as holes both ways
            long[] data = {0, quarter, quarter + 8 * MIB, 3 * quarter + 8 * MIB, 3 * quarter + 16 * MIB,
                DATA_PER_UPLOAD + 16 * MIB};
            Path source = sparseFile(work.resolve("source-" + i + ".raw"), data[5], i, data);
            sources.add(source);
            volumes.add(storage.rawVolume(data[5]));
        }
        ObjectNode up = job(300).put("claim", true); // as docs/amqp.md advises a client that sends much
        for (int i = 0; i < 4; i++) {
            up.withArray("uploads").addObject().put("file", sources.get(i).toString())
                    .set("volume", ImageTickets.target(volumes.get(i)));
        }
        List<JsonNode> uploads = run(up, 300);
        JsonNode pings = uploads.remove(uploads.size() - 1);
        System.out.println("AMQP streams, 4 uploads of " + DATA_PER_UPLOAD / MIB + " MiB with pings every 10 ms: "
                + uploads + "; pings " + pings);
        for (int i = 0; i < 4; i++) {
            assertThat(uploads.get(i).get("status").asText()).as(uploads.get(i).toString()).isEqualTo("ok");
            assertThat(uploads.get(i).get("dataBytes").asLong()).isEqualTo(DATA_PER_UPLOAD);
            assertThat(uploads.get(i).get("holeBytes").asLong()).isEqualTo(16 * MIB);
            assertThat(storage.info(volumes.get(i)).get("legality").asText()).isEqualTo("LEGAL");
            Shell.Result compare = compare(sources.get(i), volumes.get(i));
            assertThat(compare.exit()).as(compare.out() + compare.err()).isZero();
        }
        assertThat(pings.get("failed").asInt()).isZero();
        assertThat(pings.get("count").asInt()).isGreaterThan(10);
        assertThat(pings.get("p99").asDouble()).as("p99 of Host.ping2 in ms during the uploads").isLessThan(1000);
        assertThat(pings.get("claim").asText()).as("the user the client learnt and claimed: its certificate's")
                .isEqualTo(AmqpSupport.brokerUser(work.resolve("manager/manager.pem")));

        ObjectNode down = job(300);
        for (int i = 0; i < 4; i++) {
            down.withArray("downloads").addObject().put("file", work.resolve("download-" + i + ".raw").toString())
                    // as docs/amqp.md says: a download fills its reply address, so it gets one of its own
                    .put("own_reply_address", true).set("volume", ImageTickets.target(volumes.get(i)));
        }
        List<JsonNode> downloads = run(down, 300);
        JsonNode downloadPings = downloads.remove(downloads.size() - 1);
        System.out.println("AMQP streams, 4 downloads: " + downloads + "; pings " + downloadPings);
        for (int i = 0; i < 4; i++) {
            assertThat(downloads.get(i).get("status").asText()).as(downloads.get(i).toString()).isEqualTo("ok");
            Path copy = work.resolve("download-" + i + ".raw");
            Shell.Result compare = compare(sources.get(i), copy);
            assertThat(compare.exit()).as(compare.out() + compare.err()).isZero();
            assertThat(allocation(copy)).as("holes preserved").isEqualTo(allocation(sources.get(i)));
        }
        assertThat(downloadPings.get("failed").asInt()).isZero();
        assertThat(downloadPings.get("count").asInt()).isGreaterThan(10);
        assertThat(downloadPings.get("p99").asDouble()).as("p99 of Host.ping2 in ms during the downloads")
                .isLessThan(1000);
    }

    /**
     * Downloads that share one reply address (the connection's, against docs/amqp.md's advice) can fill it past the
     * broker's hard limit: each stream's link may overshoot the address's soft limit by a batch of credit. Each
     * download then either completes, byte for byte, or ends with a clear ERROR 1100 that reaches the client at
     * once — never a silent stall the client sits out to its own time-out.
     */
    @Test
    void downloadsSharingAReplyAddressEndOkOrWithAClearErrorNeverSilently() throws Exception {
        List<Path> volumes = new ArrayList<>();
        ObjectNode job = job(90);
        for (int i = 0; i < 4; i++) {
            volumes.add(storage.rawVolume(48L * MIB, 0, 48L * MIB));
            job.withArray("downloads").addObject().put("file", work.resolve("shared-" + i + ".raw").toString())
                    .put("own_reply_address", false).set("volume", ImageTickets.target(volumes.get(i)));
        }
        job.put("credit", 2);
        List<JsonNode> downloads = run(job, 90);
        downloads.remove(downloads.size() - 1);
        System.out.println("AMQP streams, 4 downloads on one reply address: " + downloads);
        for (int i = 0; i < 4; i++) {
            JsonNode d = downloads.get(i);
            if (d.get("status").asText().equals("ok")) {
                Shell.Result compare = compare(volumes.get(i), work.resolve("shared-" + i + ".raw"));
                assertThat(compare.exit()).as(compare.out() + compare.err()).isZero();
            } else {
                assertThat(d.get("status").asText()).as(d.toString()).isEqualTo("error");
                assertThat(d.get("code").asInt()).as(d.toString()).isEqualTo(1100);
                assertThat(d.get("message").asText()).contains("reply address");
            }
        }
    }

    @Test
    void anUploadTheClientAbortsLeavesNothingHalfWrittenLegalAndTheVolumeFree() throws Exception {
        Path source = sparseFile(work.resolve("abort.raw"), 64L * MIB, 7, 0, 64L * MIB);
        Path volume = storage.rawVolume(64L * MIB);
        ObjectNode job = job(120);
        job.withArray("uploads").addObject().put("file", source.toString()).put("abortAfter", 16L * MIB)
                .set("volume", ImageTickets.target(volume));
        JsonNode upload = run(job, 120).get(0);
        assertThat(upload.get("status").asText()).as(upload.toString()).isEqualTo("aborted");
        // the agent cleans up: the volume is free again, and what it holds is not passed off as good
        JsonNode info = Poll.until(Duration.ofSeconds(30), "the aborted upload lets go of the volume", () -> {
            JsonNode i = storage.info(volume);
            return i.get("inUse").asBoolean() ? null : i;
        });
        AbortedUploads.nothingHalfWrittenIsLegal(info, "the aborted upload");
    }

    @Test
    void aVolumeRemovedUnderAnUploadEndsItWithACleanError() throws Exception {
        Path source = sparseFile(work.resolve("removed.raw"), 64L * MIB, 8, 0, 64L * MIB);
        Path volume = storage.rawVolume(64L * MIB);
        Path paused = work.resolve("removed.paused");
        Path resume = work.resolve("removed.resume");
        ObjectNode job = job(120);
        job.withArray("uploads").addObject().put("file", source.toString()).put("pauseAfter", 8L * MIB)
                .put("pausedFile", paused.toString()).put("resumeFile", resume.toString())
                .set("volume", ImageTickets.target(volume));
        Shell.Running client = start(job);
        Poll.until(Duration.ofSeconds(60), "the client pauses its upload", () -> Files.exists(paused) ? true : null);
        JsonNode ids = ImageTickets.target(volume);
        Files.delete(volume); // as an operator (or a failing disk) might, under the running upload
        Files.createFile(resume);
        List<JsonNode> lines = lines(client.finish(150));
        JsonNode upload = lines.get(0);
        assertThat(upload.get("status").asText()).as(upload.toString()).isEqualTo("error");
        assertThat(upload.get("code").asInt()).as(upload.toString()).isEqualTo(201);
        assertThat(upload.get("message").asText()).contains("was removed during the upload");
        Http.Reply info = Http.post(agent.uri("/api/v1/rpc/Volume.getInfo"), ids.toString());
        assertThat(info.body()).as("nothing marked LEGAL").doesNotContain("\"LEGAL\"");
    }

    @Test
    void badInputGetsClearErrorsWhileAnotherStreamAndPingsGoOn() throws Exception {
        Path stalled = work.resolve("abuse.stalled");
        Path resume = work.resolve("abuse.resume");
        ObjectNode abuse = Http.JSON.createObjectNode().put("stalledFile", stalled.toString())
                .put("resumeFile", resume.toString());
        List<Path> uploads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            uploads.add(storage.rawVolume(16L * MIB));
            abuse.withArray("uploads").add(ImageTickets.target(uploads.get(i)));
        }
        abuse.set("download", ImageTickets.target(storage.rawVolume(64L * MIB, 0, 64L * MIB)));
        Path script = Path.of(System.getProperty("hostbridge.repo"), "tests/src/test/resources/amqp/abuse.py");
        Shell.Running bad = Shell.start(List.of(AmqpSupport.python(), script.toString(), "amqps://localhost:" + PORT,
                hostId, work.resolve("manager").toString(), "manager", abuse.toString()), null);
        Poll.until(Duration.ofSeconds(60), "the bad client stops reading its download", () ->
                Files.exists(stalled) ? true : null);

        // meanwhile, on another connection: an upload and pings every 10 ms, undisturbed
        Path source = sparseFile(work.resolve("beside.raw"), 128L * MIB, 9, 0, 128L * MIB);
        Path volume = storage.rawVolume(128L * MIB);
        ObjectNode good = job(120);
        good.withArray("uploads").addObject().put("file", source.toString()).set("volume", ImageTickets.target(volume));
        List<JsonNode> beside = run(good, 120);
        System.out.println("AMQP streams, an upload beside a client that misbehaves: " + beside);
        assertThat(beside.get(0).get("status").asText()).as(beside.get(0).toString()).isEqualTo("ok");
        assertThat(compare(source, volume).exit()).isZero();
        assertThat(beside.get(1).get("failed").asInt()).isZero();
        assertThat(beside.get(1).get("p99").asDouble()).isLessThan(1000);

        // the agent gives up the download nobody reads within amqp.requestTimeout (10 s) of its last room
        Poll.until(Duration.ofSeconds(60), "the unread download ends", () -> streamsOpen() == 0 ? true : null);
        Files.createFile(resume);
        Shell.Result r = bad.finish(120);
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        Map<String, JsonNode> checks = new HashMap<>();
        for (JsonNode line : lines(r)) {
            checks.put(line.get("check").asText(), line);
        }
        JsonNode unknown = checks.get("unknown");
        assertThat(unknown.get("code").asInt()).as(unknown.toString()).isEqualTo(5007);
        assertThat(unknown.get("correlated").asBoolean()).isTrue();
        assertThat(unknown.get("seq").isNull()).as("outside any stream's sequence").isTrue();
        assertThat(unknown.get("message").asText()).contains("No such stream", "no-such-stream");
        JsonNode order = checks.get("order");
        assertThat(order.get("code").asInt()).as(order.toString()).isEqualTo(5008);
        assertThat(order.get("seq").asInt()).isZero();
        assertThat(order.get("message").asText()).contains("seq 2 out of order, expected 1");
        JsonNode large = checks.get("large");
        assertThat(large.get("code").asInt()).as(large.toString()).isEqualTo(5004);
        assertThat(large.get("message").asText()).contains("1048576 bytes", "at most 262144");
        JsonNode afterError = checks.get("afterError");
        assertThat(afterError.get("code").asInt()).as(afterError.toString()).isEqualTo(5007);
        assertThat(afterError.get("correlated").asBoolean()).isTrue();
        JsonNode unread = checks.get("stopsReading");
        assertThat(unread.get("status").asText()).as(unread.toString()).isEqualTo("error");
        assertThat(unread.get("code").asInt()).as(unread.toString()).isEqualTo(5010);
        assertThat(unread.get("message").asText()).contains("found no room on the reply address");
        assertThat(unread.get("inOrder").asBoolean()).isTrue();
        // memory bounded: what the broker kept for the client that did not read is what one address may hold (2 MiB),
        // plus at most the one batch of credit (16 packets, 4 MiB) the agent's link held when the address filled, the
        // packet that filled it and the client's own credit, with a margin
        assertThat(unread.get("dataBytes").asLong()).as(unread.toString()).isBetween(2L * MIB - 256 * 1024,
                7L * MIB);
        for (Path v : uploads) {
            JsonNode info = Poll.until(Duration.ofSeconds(30), "the bad client's uploads let go of their volumes",
                    () -> storage.info(v).get("inUse").asBoolean() ? null : storage.info(v));
            AbortedUploads.nothingHalfWrittenIsLegal(info, v.toString());
        }
    }

    /** Data streams the AMQP agent carries now, from its metrics. */
    private static int streamsOpen() throws Exception {
        for (String line : Http.get(agent.uri("/api/v1/metrics")).body().split("\n")) {
            if (line.startsWith("hostbridge_amqp_streams ")) {
                return (int) Double.parseDouble(line.substring(line.indexOf(' ') + 1));
            }
        }
        throw new AssertionError("no hostbridge_amqp_streams in the metrics");
    }

    private static Shell.Result compare(Path a, Path b) throws Exception {
        return Shell.run(List.of("qemu-img", "compare", "-f", "raw", "-F", "raw", a.toString(), b.toString()), 120);
    }

    /**
     * A job for streams.py, paced as docs/amqp.md advises: 2 data packets in flight (all streams together), data
     * below the calls' priority; pings every 10 ms.
     */
    private static ObjectNode job(int timeoutSeconds) {
        return Http.JSON.createObjectNode().put("pingInterval", 0.01).put("window", 2).put("dataPriority", 1)
                .put("timeout", timeoutSeconds);
    }

    private static Shell.Running start(ObjectNode job) throws Exception {
        Path script = Path.of(System.getProperty("hostbridge.repo"), "tests/src/test/resources/amqp/streams.py");
        return Shell.start(List.of(AmqpSupport.python(), script.toString(), "amqps://localhost:" + PORT, hostId,
                work.resolve("manager").toString(), "manager", job.toString()), null);
    }

    /** Runs streams.py with {@code job}; returns its report lines (the streams', then the pings'). */
    private static List<JsonNode> run(ObjectNode job, int timeoutSeconds) throws Exception {
        return lines(start(job).finish(timeoutSeconds + 30));
    }

    private static List<JsonNode> lines(Shell.Result r) throws Exception {
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.out().strip().split("\n")) {
            lines.add(Http.JSON.readTree(line));
        }
        return lines;
    }

    /** A sparse file of {@code size} bytes with random data (seeded by {@code seed}) in each {@code [start, end)}. */
    static Path sparseFile(Path file, long size, long seed, long... ranges) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] block = new byte[MIB];
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
            for (int i = 0; i + 1 < ranges.length; i += 2) {
                f.seek(ranges[i]);
                for (long at = ranges[i]; at < ranges[i + 1]; at += block.length) {
                    for (int j = 0; j < block.length; j += 8) {
                        long v = random.nextLong();
                        for (int k = 0; k < 8; k++) {
                            block[j + k] = (byte) (v >>> (8 * k));
                        }
                    }
                    f.write(block, 0, (int) Math.min(block.length, ranges[i + 1] - at));
                }
            }
        }
        return file;
    }

    /** {@code qemu-img map} of a raw file: its runs of data and of holes, as [start, length, data]. */
    static List<List<Object>> allocation(Path file) throws Exception {
        Shell.Result map = Shell.run(List.of("qemu-img", "map", "--output=json", "-f", "raw", file.toString()), 60);
        assertThat(map.exit()).as(map.err()).isZero();
        List<List<Object>> runs = new ArrayList<>();
        for (JsonNode e : (ArrayNode) Http.JSON.readTree(map.out())) {
            boolean data = e.get("data").asBoolean();
            List<Object> last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && last.get(2).equals(data)) {
                last.set(1, (Long) last.get(1) + e.get("length").asLong());
            } else {
                runs.add(new ArrayList<>(List.of(e.get("start").asLong(), e.get("length").asLong(), data)));
            }
        }
        return runs;
    }

}
