package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A STOMP client of data streams as docs/stomp.md describes them, on {@link StompClient}: a thread sorts the frames
 * that come by destination (the replies of ordinary calls on {@code calls}, each stream's packets on the reply-to
 * its call named); helpers for calls, packets, volumes in one storage domain, and uploads of image files.
 */
final class StompStreamClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(30);
    static final int PACKET = 256 * 1024;
    static final String STREAMS = "jms.topic.hostbridge_streams";
    private static final String BLANK = "00000000-0000-0000-0000-000000000000";

    final StompClient stomp;
    /** When each reply to {@code pings} arrived (nanoTime), by request id. */
    final Map<String, Long> arrivals = new ConcurrentHashMap<>();
    private final Map<String, BlockingQueue<StompClient.Frame>> byDestination = new ConcurrentHashMap<>();
    private final Thread router;
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean open = true;
    private String domain;

    StompStreamClient(int port) throws Exception {
        this(StompClient.plain(port));
    }

    /** Over TLS with a client certificate, as oVirt's engine connects. */
    StompStreamClient(int port, javax.net.ssl.SSLContext tls) throws Exception {
        this(StompClient.tls(port, tls));
    }

    private StompStreamClient(StompClient client) throws Exception {
        stomp = client;
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
        assertThat(f).as("a frame to " + destination + " within " + WAIT + "; on the connection: "
                + queue("connection")).isNotNull();
        return f;
    }

    void request(String replyTo, String method, Map<String, Object> params, String id) throws IOException {
        byte[] body = JSON.writeValueAsBytes(Map.of("jsonrpc", "2.0", "method", method, "params", params, "id", id));
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

    void expectOk(String replyTo, String stream) throws InterruptedException {
        StompClient.Frame last = packetOut(replyTo, stream);
        assertThat(last.header("status")).as(last.headers().toString()).isEqualTo("ok");
    }

    /** Makes a data domain in {@code dir} for the volumes of {@link #volume}. */
    void domain(Path dir) throws Exception {
        domain = UUID.randomUUID().toString();
        ok("StorageDomain.create", Map.of("storagedomainID", domain, "domainType", "localfs", "typeArgs",
                Files.createDirectories(dir).toString(), "name", "streams", "domainClass", "data"));
    }

    /** Uses the domain another client made. */
    void domain(String id) {
        domain = id;
    }

    String domain() {
        return domain;
    }

    Map<String, Object> ids(String[] volume) {
        return Map.of("storagedomainID", domain, "imageID", volume[0], "volumeID", volume[1]);
    }

    /** A new RAW sparse volume of {@code size} bytes; returns its image and volume ids. */
    String[] volume(long size) throws Exception {
        String[] v = {UUID.randomUUID().toString(), UUID.randomUUID().toString()};
        Map<String, Object> params = new LinkedHashMap<>(ids(v));
        params.putAll(Map.of("size", size, "volFormat", "RAW", "preallocate", "SPARSE", "desc", "stream test",
                "srcImgUUID", BLANK, "srcVolUUID", BLANK));
        String job = ok("Volume.create", params).asText();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!ok("Job.getStatus", Map.of("jobID", job)).path("status").asText().equals("done")) {
            assertThat(System.nanoTime()).as("Volume.create's job done").isLessThan(deadline);
            Thread.sleep(20); // a polling client's interval
        }
        return v;
    }

    JsonNode info(String[] volume) throws Exception {
        return ok("Volume.getInfo", ids(volume));
    }

    /** Waits until a stream uses the volume ({@code inUse}), or until none does. */
    void awaitInUse(String[] volume, boolean inUse, String what) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (info(volume).path("inUse").asBoolean() != inUse) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(20); // a polling client's interval
        }
    }

    /** A sparse raw image: blocks of random data every {@code every} bytes, zeros (unallocated) between. */
    static Path sparseImage(Path file, long size, int block, int every) throws IOException {
        Random random = new Random(file.getFileName().toString().hashCode());
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
    void upload(String stream, Path image) throws IOException {
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
                    packet(stream, "hole", seq++, new byte[0], "length", Long.toString(hole));
                    hole = 0;
                }
                packet(stream, "continue", seq++, n == PACKET ? chunk : Arrays.copyOf(chunk, n));
            }
        }
        if (hole > 0) {
            packet(stream, "hole", seq++, new byte[0], "length", Long.toString(hole));
        }
        packet(stream, "ok", seq, new byte[0]);
    }

    private static boolean isZero(byte[] bytes, int n) {
        for (int i = 0; i < n; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws Exception {
        open = false;
        stomp.close();
        router.join(5000);
    }
}
