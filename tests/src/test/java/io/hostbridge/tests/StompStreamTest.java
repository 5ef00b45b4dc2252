package io.hostbridge.tests;

import static io.hostbridge.tests.StompStreamClient.JSON;
import static io.hostbridge.tests.StompStreamClient.PACKET;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hostbridge.api.AccessLevel;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Volume.upload and Volume.download over STOMP (docs/stomp.md, Data streams), frame by frame from the guide's side,
 * over TLS with a client certificate as oVirt's engine connects: stream packets as SEND frames to
 * {@code jms.topic.hostbridge_streams} and MESSAGE frames to the call's {@code reply-to}, several streams and
 * ordinary calls on one connection, and every wrong packet a clear ERROR on its stream while the connection goes on
 * serving calls.
 */
class StompStreamTest {
    private static final int MIB = 1024 * 1024;

    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(Map.of("http.insecure", "false"));

    @TempDir
    static Path dir;
    private static String domain;
    private static SSLContext tls;

    private StompStreamClient conn;

    @BeforeAll
    static void storageDomain() throws Exception {
        tls = AmqpSupport.tls(AmqpSupport.issue(agent, "engine", AccessLevel.ADMIN, dir.resolve("engine")), "engine");
        try (StompStreamClient c = new StompStreamClient(agent.port(), tls)) {
            c.domain(dir.resolve("sd"));
            domain = c.domain();
        }
    }

    @BeforeEach
    void connect() throws Exception {
        conn = new StompStreamClient(agent.port(), tls);
        conn.domain(domain);
    }

    @AfterEach
    void stillServing() throws Exception {
        try {
            assertThat(conn.ok("Host.ping2", Map.of()).asBoolean()).as("the connection serves calls").isTrue();
        } finally {
            conn.close();
        }
    }

    private static int compare(Path a, Path b) throws Exception {
        return Shell.run(List.of("qemu-img", "compare", "-f", "raw", "-F", "raw", a.toString(), b.toString()), 120)
                .exit();
    }

    @Test
    void twoUploadsShareOneConnectionWithCallsThenADownloadBringsTheDataBackWithHoles() throws Exception {
        long size = 384L * MIB;
        // 96 MiB of data, 288 MiB of holes
        Path image = StompStreamClient.sparseImage(dir.resolve("image.raw"), size, 3 * MIB, 12 * MIB);
        String[][] volumes = {conn.volume(size), conn.volume(size)};
        String[] streams = new String[2];
        for (int i = 0; i < 2; i++) {
            streams[i] = conn.open("up-" + i, "Volume.upload", conn.ids(volumes[i]));
            assertThat(conn.info(volumes[i]).path("legality").asText()).isEqualTo("ILLEGAL");
        }
        conn.subscribe("pings");
        ExecutorService threads = Executors.newFixedThreadPool(3);
        AtomicBoolean uploading = new AtomicBoolean(true);
        Map<String, Long> sent = new ConcurrentHashMap<>();
        Future<Integer> pinger = threads.submit(() -> {
            int n = 0;
            while (uploading.get()) {
                String id = "ping-" + n++;
                sent.put(id, System.nanoTime());
                conn.request("pings", "Host.ping2", Map.of(), id);
                Thread.sleep(10); // a call every 10 ms, as the issue's manager makes them
            }
            return n;
        });
        long started = System.nanoTime();
        List<Future<?>> uploads = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String stream = streams[i];
            uploads.add(threads.submit(() -> {
                conn.upload(stream, image);
                return null;
            }));
        }
        for (int i = 0; i < 2; i++) {
            uploads.get(i).get(2, TimeUnit.MINUTES);
            conn.expectOk("up-" + i, streams[i]);
        }
        long ended = System.nanoTime();
        uploading.set(false);
        int pings = pinger.get(1, TimeUnit.MINUTES);
        threads.shutdown();
        for (int i = 0; i < pings; i++) {
            JsonNode reply = JSON.readTree(conn.next("pings").data());
            assertThat(reply.path("result").asBoolean()).as(reply.toString()).isTrue();
        }
        List<Long> latencies = new ArrayList<>();
        long answeredDuring = sent.keySet().stream().filter(id -> conn.arrivals.get(id) < ended).count();
        sent.forEach((id, at) -> latencies.add(TimeUnit.NANOSECONDS.toMillis(conn.arrivals.get(id) - at)));
        Collections.sort(latencies);
        long p50 = latencies.get(latencies.size() / 2);
        long p99 = latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1);
        long millis = TimeUnit.NANOSECONDS.toMillis(ended - started);
        System.out.printf("STOMP streams: 2 uploads of %d MiB (96 MiB of data each) on one connection in %d ms;"
                + " %d Host.ping2 calls on it meanwhile (%d answered before the uploads ended): p50 %d ms, p99 %d ms,"
                + " max %d ms%n", size / MIB, millis, pings, answeredDuring, p50, p99,
                latencies.get(latencies.size() - 1));
        // calls are served while the streams run (not after them); a call waits behind the data the client sent
        // before it, which the agent takes at the pace it writes (docs/stomp.md, Flow control)
        assertThat(answeredDuring).as("pings answered while the uploads ran").isGreaterThan(pings / 2);
        assertThat(p99).as("a ping's wait, against the uploads' time").isLessThan(Math.max(1000, millis / 3));

        for (String[] v : volumes) {
            JsonNode info = conn.info(v);
            assertThat(info.path("legality").asText()).isEqualTo("LEGAL");
            assertThat(compare(image, Path.of(info.path("path").asText()))).as("qemu-img compare").isZero();
        }

        String down = conn.open("down", "Volume.download", conn.ids(volumes[0]));
        Path copy = dir.resolve("copy.raw");
        long holes = 0;
        long data = 0;
        try (RandomAccessFile out = new RandomAccessFile(copy.toFile(), "rw")) {
            long seq = 0;
            while (true) {
                StompClient.Frame f = conn.packetOut("down", down);
                assertThat(f.header("seq")).isEqualTo(Long.toString(seq++));
                String status = f.header("status");
                if (status.equals("hole")) {
                    long length = Long.parseLong(f.header("length"));
                    out.seek(out.getFilePointer() + length);
                    holes += length;
                } else if (status.equals("continue") && f.data().length > 0) {
                    assertThat(f.data().length).isLessThanOrEqualTo(PACKET);
                    out.write(f.data());
                    data += f.data().length;
                } else {
                    assertThat(status).as(f.headers().toString()).isEqualTo("continue"); // the end of data
                    break;
                }
            }
            out.setLength(size);
        }
        conn.packet(down, "ok", 0, new byte[0]);
        conn.expectOk("down", down);
        System.out.printf("STOMP download: %d MiB of data, %d MiB as holes%n", data / MIB, holes / MIB);
        assertThat(holes).as("zeros cross as holes").isGreaterThanOrEqualTo(288L * MIB - 12 * MIB);
        assertThat(compare(image, copy)).as("qemu-img compare").isZero();
    }

    @Test
    void aClientsAbortLeavesNothingHalfWrittenLegal() throws Exception {
        String[] v = conn.volume(8 * MIB);
        String stream = conn.open("up", "Volume.upload", conn.ids(v));
        byte[] data = new byte[PACKET];
        new Random(1).nextBytes(data);
        conn.packet(stream, "continue", 0, data);
        conn.packet(stream, "error", 1, new byte[0], "code", "1", "message", "the client gave up");
        conn.awaitInUse(v, false, "the aborted upload ends");
        AbortedUploads.nothingHalfWrittenIsLegal(conn.info(v), "the aborted upload");
        assertThat(conn.queue("up")).as("no answer to an abort").isEmpty();
    }

    @Test
    void packetsThatAreWrongEndTheirStreamWithAClearErrorWhileTheConnectionAndItsOtherStreamsGoOn() throws Exception {
        String[] good = conn.volume(8 * MIB);
        String healthy = conn.open("good", "Volume.upload", conn.ids(good));
        byte[] first = new byte[PACKET];
        new Random(2).nextBytes(first);
        conn.packet(healthy, "continue", 0, first);
        conn.subscribe("errors");
        conn.packet("no-such-stream", "continue", 0, new byte[] {1}, "reply-to", "errors");
        StompClient.Frame unknown = conn.packetOut("errors", "no-such-stream");
        assertThat(unknown.headers()).containsEntry("status", "error").containsEntry("code", "5007");
        assertThat(unknown.header("message")).contains("No such stream");
        assertThat(conn.ok("Host.ping2", Map.of()).asBoolean()).isTrue();

        String[] v = conn.volume(8 * MIB);
        String outOfOrder = conn.open("a", "Volume.upload", conn.ids(v));
        conn.packet(outOfOrder, "continue", 0, new byte[] {1});
        conn.packet(outOfOrder, "continue", 2, new byte[] {2});
        StompClient.Frame error = conn.packetOut("a", outOfOrder);
        assertThat(error.headers()).containsEntry("status", "error").containsEntry("code", "5008")
                .containsEntry("seq", "0");
        assertThat(error.header("message")).contains("seq 2 out of order, expected 1");
        conn.packet(outOfOrder, "continue", 1, new byte[] {2}, "reply-to", "errors");
        assertThat(conn.packetOut("errors", outOfOrder).headers()).as("a status after the error")
                .containsEntry("code", "5007");

        String[] w = conn.volume(8 * MIB);
        String oversize = conn.open("b", "Volume.upload", conn.ids(w));
        conn.packet(oversize, "continue", 0, new byte[MIB]);
        StompClient.Frame tooLarge = conn.packetOut("b", oversize);
        assertThat(tooLarge.headers()).containsEntry("status", "error").containsEntry("code", "5004");
        assertThat(tooLarge.header("message")).contains("a packet of 1048576 bytes; at most 262144");
        assertThat(conn.ok("Host.ping2", Map.of()).asBoolean()).isTrue();

        String[] x = conn.volume(8 * MIB);
        String badStatus = conn.open("c", "Volume.download", conn.ids(x));
        conn.packet(badStatus, "done", 0, new byte[0]);
        StompClient.Frame bad = null;
        while (bad == null || !"error".equals(bad.header("status"))) {
            bad = conn.packetOut("c", badStatus); // what it sent before it read the bad packet
        }
        assertThat(bad.headers()).containsEntry("code", "5008");
        assertThat(bad.header("message")).contains("status 'done'");
        AbortedUploads.nothingHalfWrittenIsLegal(conn.info(v), "the upload ended by a packet out of order");
        // the packet over 256 KiB was refused before any byte of it was written: the volume is as it was
        assertThat(conn.info(w).path("legality").asText()).isEqualTo("LEGAL");

        // the same certificate on another connection
        try (StompStreamClient other = new StompStreamClient(agent.port(), tls)) {
            other.subscribe("errors");
            other.packet(healthy, "continue", 1, new byte[] {9}, "reply-to", "errors");
            assertThat(other.packetOut("errors", healthy).headers()).as("another connection's stream")
                    .containsEntry("status", "error").containsEntry("code", "5007");
        }
        conn.packet(healthy, "continue", 1, first);
        conn.packet(healthy, "ok", 2, new byte[0]);
        conn.expectOk("good", healthy);
        JsonNode info = conn.info(good);
        assertThat(info.path("legality").asText()).as("the stream beside the wrong ones").isEqualTo("LEGAL");
        byte[] written = java.nio.file.Files.readAllBytes(Path.of(info.path("path").asText()));
        assertThat(java.util.Arrays.copyOfRange(written, PACKET, 2 * PACKET)).isEqualTo(first);
    }
}
