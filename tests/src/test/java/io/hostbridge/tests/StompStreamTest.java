package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Volume.upload and Volume.download over STOMP (docs/stomp.md, Data streams), frame by frame from the specification's
 * side: stream packets as SEND frames to {@code jms.topic.hostbridge_streams} and MESSAGE frames to the call's
 * {@code reply-to}, several streams and ordinary calls on one connection, and every wrong packet a clear ERROR on its
 * stream while the connection goes on serving calls.
 */
class StompStreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;
    private static final int PACKET = 256 * KIB;
    private static final String STREAMS = "jms.topic.hostbridge_streams";
    private static final String BLANK = "00000000-0000-0000-0000-000000000000";

    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(Map.of("stomp.streamWriteTimeout", "2s"));

    @TempDir
    static Path dir;
    private static String domain;

    private Connection conn;

    @BeforeAll
    static void storageDomain() throws Exception {
        domain = UUID.randomUUID().toString();
        try (Connection c = new Connection()) {
            c.ok("StorageDomain.create", Map.of("storagedomainID", domain, "domainType", "localfs", "typeArgs",
                    Files.createDirectory(dir.resolve("sd")).toString(), "name", "streams", "domainClass", "data"));
        }
    }

    @BeforeEach
    void connect() throws Exception {
        conn = new Connection();
    }

    @AfterEach
    void stillServing() throws Exception {
        try {
            assertThat(conn.ok("Host.ping2", Map.of()).asBoolean()).as("the connection serves calls").isTrue();
        } finally {
            conn.close();
        }
    }

    /**
     * A STOMP connection whose frames a thread sorts by destination as they come: the replies of ordinary calls,
     * and each stream's packets on the reply-to its call named.
     */
    static final class Connection implements AutoCloseable {
        final StompClient stomp;
        private final Map<String, BlockingQueue<StompClient.Frame>> byDestination = new ConcurrentHashMap<>();
        private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
        private final Thread router;
        private final AtomicLong ids = new AtomicLong();
        private volatile boolean open = true;

        Connection() throws Exception {
            stomp = StompClient.plain(agent.port());
            stomp.connect("0,0");
            router = new Thread(this::route, "stomp-router");
            router.setDaemon(true);
            router.start();
            subscribe("calls");
        }

        void subscribe(String destination) throws IOException {
            stomp.send("SUBSCRIBE", Map.of("destination", destination, "id", "sub-" + destination));
        }

        private void route() {
            try {
                while (open) {
                    StompClient.Frame f = stomp.poll(Duration.ofMillis(100));
                    if (f == null || f.command().equals("HEARTBEAT")) {
                        continue;
                    }
                    String destination = f.command().equals("MESSAGE") ? f.header("destination") : "connection";
                    if (destination.equals("pings")) {
                        arrivals.put(JSON.readTree(f.data()).path("id").asText(), System.nanoTime());
                    }
                    queue(destination).add(f);
                }
            } catch (InterruptedException | IOException e) {
                // the test is over
            }
        }

        BlockingQueue<StompClient.Frame> queue(String destination) {
            return byDestination.computeIfAbsent(destination, d -> new LinkedBlockingQueue<>());
        }

        StompClient.Frame next(String destination) throws InterruptedException {
            StompClient.Frame f = queue(destination).poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(f).as("a frame to " + destination + " within " + WAIT).isNotNull();
            return f;
        }

        void request(String replyTo, String method, Map<String, Object> params, String id) throws IOException {
            byte[] body = JSON.writeValueAsBytes(Map.of("jsonrpc", "2.0", "method", method, "params", params,
                    "id", id));
            stomp.send("SEND", Map.of("destination", "jms.topic.vdsm_requests", "reply-to", replyTo), body);
        }

        JsonNode call(String replyTo, String method, Map<String, Object> params) throws Exception {
            String id = method + "-" + ids.incrementAndGet();
            request(replyTo, method, params, id);
            JsonNode response = JSON.readTree(next(replyTo).data());
            assertThat(response.path("id").asText()).isEqualTo(id);
            return response;
        }

        JsonNode ok(String method, Map<String, Object> params) throws Exception {
            JsonNode response = call("calls", method, params);
            assertThat(response.has("result")).as(method + ": " + response).isTrue();
            return response.path("result");
        }

        /** Calls a stream verb with its packets to {@code replyTo}; returns the stream's id. */
        String open(String replyTo, String method, Map<String, Object> params) throws Exception {
            subscribe(replyTo);
            JsonNode response = call(replyTo, method, params);
            String id = response.path("result").path("streamId").asText();
            assertThat(id).as(method + ": " + response).isNotEmpty();
            return id;
        }

        void packet(String stream, String status, long seq, byte[] data, String... more) throws IOException {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("destination", STREAMS);
            headers.put("stream", stream);
            headers.put("status", status);
            headers.put("seq", Long.toString(seq));
            for (int i = 0; i < more.length; i += 2) {
                headers.put(more[i], more[i + 1]);
            }
            stomp.send("SEND", headers, data);
        }

        /** The next packet of a stream, checked to be one. */
        StompClient.Frame packetOut(String replyTo, String stream) throws InterruptedException {
            StompClient.Frame f = next(replyTo);
            assertThat(f.header("stream")).as(f.toString()).isEqualTo(stream);
            assertThat(f.header("content-type")).as("packets are not JSON").isNull();
            return f;
        }

        @Override
        public void close() throws Exception {
            open = false;
            stomp.close();
            router.join(5000);
        }
    }

    private static Map<String, Object> ids(String image, String volume) {
        return Map.of("storagedomainID", domain, "imageID", image, "volumeID", volume);
    }

    /** A new RAW sparse volume of {@code size} bytes; returns its image and volume ids. */
    private String[] volume(long size) throws Exception {
        String image = UUID.randomUUID().toString();
        String volume = UUID.randomUUID().toString();
        Map<String, Object> params = new LinkedHashMap<>(ids(image, volume));
        params.putAll(Map.of("size", size, "volFormat", "RAW", "preallocate", "SPARSE", "desc", "stream test",
                "srcImgUUID", BLANK, "srcVolUUID", BLANK));
        String job = conn.ok("Volume.create", params).asText();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!conn.ok("Job.getStatus", Map.of("jobID", job)).path("status").asText().equals("done")) {
            assertThat(System.nanoTime()).as("Volume.create's job done").isLessThan(deadline);
            Thread.sleep(20); // a polling client's interval
        }
        return new String[] {image, volume};
    }

    private JsonNode info(String[] v) throws Exception {
        return conn.ok("Volume.getInfo", ids(v[0], v[1]));
    }

    /** Waits until no stream uses the volume any more. */
    private void awaitNotInUse(String[] v, String what) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (info(v).path("inUse").asBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(20); // a polling client's interval
        }
    }

    /** A sparse raw image: blocks of random data every {@code every} bytes, zeros (unallocated) between. */
    private static Path sparseImage(String name, long size, int block, int every) throws IOException {
        Path file = dir.resolve(name);
        Random random = new Random(name.hashCode());
        byte[] data = new byte[block];
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
            for (long at = every / 2; at + block <= size; at += every) {
                random.nextBytes(data);
                f.seek(at);
                f.write(data);
            }
        }
        return file;
    }

    /** Sends a file as an upload: data in packets of 256 KiB, runs of zero packets as one hole, then OK. */
    private static long upload(Connection c, String stream, Path image) throws IOException {
        long seq = 0;
        long hole = 0;
        byte[] chunk = new byte[PACKET];
        try (InputStream in = Files.newInputStream(image)) {
            int n;
            while ((n = in.readNBytes(chunk, 0, PACKET)) > 0) {
                if (isZero(chunk, n)) {
                    hole += n;
                    continue;
                }
                if (hole > 0) {
                    c.packet(stream, "hole", seq++, new byte[0], "length", Long.toString(hole));
                    hole = 0;
                }
                c.packet(stream, "continue", seq++, n == PACKET ? chunk : java.util.Arrays.copyOf(chunk, n));
            }
        }
        if (hole > 0) {
            c.packet(stream, "hole", seq++, new byte[0], "length", Long.toString(hole));
        }
        c.packet(stream, "ok", seq, new byte[0]);
        return seq;
    }

    private static boolean isZero(byte[] bytes, int n) {
        for (int i = 0; i < n; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static void expectOk(Connection c, String replyTo, String stream) throws InterruptedException {
        StompClient.Frame last = c.packetOut(replyTo, stream);
        assertThat(last.header("status")).as(last.headers().toString()).isEqualTo("ok");
    }

    private static int compare(Path a, Path b) throws Exception {
        return Shell.run(List.of("qemu-img", "compare", "-f", "raw", "-F", "raw", a.toString(), b.toString()), 120)
                .exit();
    }

    @Test
    void twoUploadsShareOneConnectionWithCallsThenADownloadBringsTheDataBackWithHoles() throws Exception {
        long size = 384L * MIB;
        Path image = sparseImage("image.raw", size, 3 * MIB, 12 * MIB); // 96 MiB of data, 288 MiB of holes
        String[][] volumes = {volume(size), volume(size)};
        String[] streams = new String[2];
        for (int i = 0; i < 2; i++) {
            streams[i] = conn.open("up-" + i, "Volume.upload", ids(volumes[i][0], volumes[i][1]));
            assertThat(info(volumes[i]).path("legality").asText()).isEqualTo("ILLEGAL");
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
                Thread.sleep(10); // a call every 10 ms, as the manager does
            }
            return n;
        });
        long started = System.nanoTime();
        List<Future<Long>> uploads = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String stream = streams[i];
            uploads.add(threads.submit(() -> upload(conn, stream, image)));
        }
        for (int i = 0; i < 2; i++) {
            uploads.get(i).get(2, TimeUnit.MINUTES);
            expectOk(conn, "up-" + i, streams[i]);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        uploading.set(false);
        int pings = pinger.get(1, TimeUnit.MINUTES);
        for (int i = 0; i < pings; i++) {
            JsonNode reply = JSON.readTree(conn.next("pings").data());
            assertThat(reply.path("result").asBoolean()).as(reply.toString()).isTrue();
        }
        List<Long> latencies = new ArrayList<>();
        sent.forEach((id, at) -> latencies.add(TimeUnit.NANOSECONDS.toMillis(conn.arrivals.get(id) - at)));
        Collections.sort(latencies);
        long p50 = latencies.get(latencies.size() / 2);
        long p99 = latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1);
        System.out.printf("STOMP streams: 2 uploads of %d MiB (96 MiB data each) in %.2f s; %d Host.ping2 calls"
                + " meanwhile: p50 %d ms, p99 %d ms, max %d ms%n", size / MIB, seconds, pings, p50, p99,
                latencies.get(latencies.size() - 1));
        assertThat(pings).as("pings made during the uploads").isGreaterThan(10);
        assertThat(p99).as("no stream holds up the connection's calls for long").isLessThan(1000);
        threads.shutdown();

        for (String[] v : volumes) {
            JsonNode info = info(v);
            assertThat(info.path("legality").asText()).isEqualTo("LEGAL");
            assertThat(compare(image, Path.of(info.path("path").asText()))).as("qemu-img compare").isZero();
        }

        String down = conn.open("down", "Volume.download", ids(volumes[0][0], volumes[0][1]));
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
        expectOk(conn, "down", down);
        System.out.printf("STOMP download: %d MiB of data, %d MiB as holes%n", data / MIB, holes / MIB);
        assertThat(holes).as("zeros cross as holes").isGreaterThanOrEqualTo(288L * MIB - 12 * MIB);
        assertThat(compare(image, copy)).as("qemu-img compare").isZero();
    }

    @Test
    void aClientsAbortLeavesTheVolumeIllegal() throws Exception {
        String[] v = volume(8 * MIB);
        String stream = conn.open("up", "Volume.upload", ids(v[0], v[1]));
        byte[] data = new byte[PACKET];
        new Random(1).nextBytes(data);
        conn.packet(stream, "continue", 0, data);
        conn.packet(stream, "error", 1, new byte[0], "code", "1", "message", "the client gave up");
        awaitNotInUse(v, "the aborted upload ends");
        assertThat(info(v).path("legality").asText()).isEqualTo("ILLEGAL");
        assertThat(conn.queue("up")).as("no answer to an abort").isEmpty();
    }

    @Test
    void packetsThatAreWrongEndTheirStreamWithAClearErrorAndTheConnectionServesOn() throws Exception {
        conn.subscribe("errors");
        conn.packet("no-such-stream", "continue", 0, new byte[] {1}, "reply-to", "errors");
        StompClient.Frame unknown = conn.packetOut("errors", "no-such-stream");
        assertThat(unknown.headers()).containsEntry("status", "error").containsEntry("code", "5007");
        assertThat(unknown.header("message")).contains("No such stream");
        assertThat(conn.ok("Host.ping2", Map.of()).asBoolean()).isTrue();

        String[] v = volume(8 * MIB);
        String outOfOrder = conn.open("a", "Volume.upload", ids(v[0], v[1]));
        conn.packet(outOfOrder, "continue", 0, new byte[] {1});
        conn.packet(outOfOrder, "continue", 2, new byte[] {2});
        StompClient.Frame error = conn.packetOut("a", outOfOrder);
        assertThat(error.headers()).containsEntry("status", "error").containsEntry("code", "5008")
                .containsEntry("seq", "0");
        assertThat(error.header("message")).contains("seq 2 out of order, expected 1");
        conn.packet(outOfOrder, "continue", 1, new byte[] {2}, "reply-to", "errors");
        assertThat(conn.packetOut("errors", outOfOrder).headers()).as("a status after the error")
                .containsEntry("code", "5007");

        String[] w = volume(8 * MIB);
        String oversize = conn.open("b", "Volume.upload", ids(w[0], w[1]));
        conn.packet(oversize, "continue", 0, new byte[MIB]);
        StompClient.Frame tooLarge = conn.packetOut("b", oversize);
        assertThat(tooLarge.headers()).containsEntry("status", "error").containsEntry("code", "5004");
        assertThat(tooLarge.header("message")).contains("a packet of 1048576 bytes; at most 262144");
        assertThat(conn.ok("Host.ping2", Map.of()).asBoolean()).isTrue();

        String[] x = volume(8 * MIB);
        String badStatus = conn.open("c", "Volume.download", ids(x[0], x[1]));
        conn.packet(badStatus, "done", 0, new byte[0]);
        StompClient.Frame bad = null;
        while (bad == null || !"error".equals(bad.header("status"))) {
            bad = conn.packetOut("c", badStatus); // data it sent before it read the bad packet
        }
        assertThat(bad.headers()).containsEntry("code", "5008");
        assertThat(bad.header("message")).contains("status 'done'");
        assertThat(info(v).path("legality").asText()).isEqualTo("ILLEGAL");
    }

    @Test
    void aClientThatStopsReadingLosesItsDownloadAndTheAgentHoldsLittleForIt() throws Exception {
        long size = 256L * MIB;
        Path image = sparseImage("full.raw", size, 4 * MIB, 4 * MIB); // all data: nothing goes as a hole
        String[] v = volume(size);
        String up = conn.open("up", "Volume.upload", ids(v[0], v[1]));
        upload(conn, up, image);
        expectOk(conn, "up", up);

        long received;
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(64 * KIB);
            socket.connect(new InetSocketAddress("127.0.0.1", agent.port()), 10_000);
            byte[] request = JSON.writeValueAsBytes(Map.of("jsonrpc", "2.0", "method", "Volume.download", "params",
                    ids(v[0], v[1]), "id", "d"));
            socket.getOutputStream().write(("CONNECT\naccept-version:1.2\n\n\0SUBSCRIBE\ndestination:d\nid:d\n\n\0"
                    + "SEND\ndestination:jms.topic.vdsm_requests\nreply-to:d\ncontent-length:" + request.length
                    + "\n\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(request);
            socket.getOutputStream().write(0);
            // it reads nothing; the stream must end (stomp.streamWriteTimeout, 2 s), and the volume be free again
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!info(v).path("inUse").asBoolean()) {
                assertThat(System.nanoTime()).as("the download starts").isLessThan(deadline);
                Thread.sleep(20);
            }
            awaitNotInUse(v, "the unread download ends");
            socket.setSoTimeout(2000);
            received = 0;
            byte[] buffer = new byte[64 * KIB];
            try {
                int n;
                while ((n = socket.getInputStream().read(buffer)) > 0) {
                    received += n;
                }
            } catch (java.net.SocketTimeoutException e) {
                // all there was
            }
        }
        System.out.printf("STOMP download to a client that stopped reading: %d KiB of %d MiB reached it%n",
                received / KIB, size / MIB);
        assertThat(received).as("what the agent wrote for a client that did not read: its window, a packet and"
                + " the sockets' buffers").isLessThan(16L * MIB);
    }
}
