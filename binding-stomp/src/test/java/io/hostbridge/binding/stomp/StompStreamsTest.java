package io.hostbridge.binding.stomp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hostbridge.api.spi.Implementation;
import io.hostbridge.api.stream.StreamAbortedException;
import io.hostbridge.bridge.Bridge;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.bridge.stream.StreamLimits;
import io.hostbridge.events.EventBusSettings;
import io.hostbridge.events.InMemoryEventBus;
import io.hostbridge.events.InMemorySequenceAllocator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Data streams on one STOMP connection, the session driven with frames as a client sends them and the agent's
 * frames read back, over a real bridge: packets both ways, their order against the call's reply, and every way a
 * client gets a packet wrong, each ending only its stream while the connection serves on.
 */
class StompStreamsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KIB = 1024;

    private final ProbeStreams probe = new ProbeStreams();
    private StompRuntime runtime;
    private FakeWire wire;
    private StompSession session;
    private final Random random = new Random(14);

    @BeforeEach
    void connect() throws Exception {
        Bridge bridge = Bridge.builder().model(ApiModel.read("0.1.0", List.of(ProbeStreamApi.class)))
                .implementation(Implementation.of(ProbeStreamApi.class, probe))
                .events(new InMemoryEventBus("h", EventBusSettings.defaults(), new InMemorySequenceAllocator(),
                        Clock.systemUTC()))
                .streamLimits(new StreamLimits(8, 8, 1024 * KIB, Duration.ofSeconds(30), Duration.ofMinutes(1),
                        Duration.ofSeconds(5)))
                .build();
        runtime = new StompRuntime(bridge, new StompSettings(4096, 10, 10, 4, 10, 64 * KIB, Duration.ofSeconds(1),
                Duration.ofMillis(500), null));
        wire = new FakeWire();
        session = runtime.open(wire);
        frame("CONNECT", Map.of("accept-version", "1.2"), new byte[0]);
        assertThat(wire.next(WAIT).command()).isEqualTo("CONNECTED");
        frame("SUBSCRIBE", Map.of("destination", "r", "id", "replies"), new byte[0]);
    }

    @AfterEach
    void stop() {
        runtime.stop();
    }

    /** Sends a frame in pieces of random sizes, as reads come. */
    private void frame(String command, Map<String, String> headers, byte[] body) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (body.length > 0) {
            all.put("content-length", Integer.toString(body.length));
        }
        byte[] bytes = new Frame(command, all, body).encode();
        for (int at = 0; at < bytes.length; ) {
            int n = Math.min(bytes.length - at, 1 + random.nextInt(64 * KIB));
            session.received(bytes, at, n);
            at += n;
        }
    }

    private void call(String method, Map<String, Object> params, String id) throws Exception {
        byte[] body = JSON.writeValueAsBytes(Map.of("jsonrpc", "2.0", "method", method, "params", params, "id", id));
        frame("SEND", Map.of("destination", "jms.topic.vdsm_requests", "reply-to", "r"), body);
    }

    /** Calls a stream verb; its reply must be the next frame, with the stream's id. */
    private String open(String method, Map<String, Object> params) throws Exception {
        call(method, params, "open");
        Frame reply = wire.next(WAIT);
        assertThat(reply.command()).isEqualTo("MESSAGE");
        JsonNode response = JSON.readTree(reply.body());
        assertThat(response.path("id").asText()).isEqualTo("open");
        String id = response.path("result").path("streamId").asText();
        assertThat(id).as(response.toString()).isNotEmpty();
        return id;
    }

    private void packet(String stream, String status, long seq, byte[] data, String... more) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("destination", StompStreams.DESTINATION);
        headers.put("stream", stream);
        headers.put("status", status);
        headers.put("seq", Long.toString(seq));
        for (int i = 0; i < more.length; i += 2) {
            headers.put(more[i], more[i + 1]);
        }
        frame("SEND", headers, data);
    }

    /** The next packet the agent sent on {@code stream}: a MESSAGE to the reply subscription, no JSON. */
    private Frame packetOut(String stream, String status, long seq) throws InterruptedException {
        Frame f = wire.next(WAIT);
        assertThat(f.command()).as(f.toString()).isEqualTo("MESSAGE");
        assertThat(f.headers()).containsEntry("destination", "r").containsEntry("subscription", "replies")
                .containsEntry("stream", stream).containsEntry("seq", Long.toString(seq))
                .doesNotContainKey("content-type");
        if (status != null) {
            assertThat(f.header("status")).isEqualTo(status);
        }
        return f;
    }

    private void pingIsAnswered() throws Exception {
        call("Probe.ping", Map.of(), "ping");
        Frame reply = wire.next(WAIT);
        assertThat(JSON.readTree(reply.body()).path("result").asBoolean()).as(reply.toString()).isTrue();
        assertThat(wire.closed()).isFalse();
    }

    private static Throwable failure(java.util.concurrent.CompletableFuture<?> future) throws Exception {
        try {
            future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            throw new AssertionError("the stream's handler finished well");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    void anUploadIsTakenInOrderAndAnsweredOkOnceTheHandlerIsDone() throws Exception {
        String id = open("Probe.sink", Map.of("name", "a"));
        byte[] first = ProbeStreams.pattern(256 * KIB);
        byte[] second = "the rest".getBytes(StandardCharsets.UTF_8);
        packet(id, "continue", 0, first);
        packet(id, "hole", 1, new byte[0], "length", "1000");
        packet(id, "continue", 2, second);
        pingIsAnswered(); // calls are served between packets
        packet(id, "ok", 3, new byte[0]);
        packetOut(id, "ok", 0);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(first);
        expected.writeBytes(new byte[1000]);
        expected.writeBytes(second);
        assertThat(probe.sinkResult("a").get(5, TimeUnit.SECONDS)).isEqualTo(expected.toByteArray());
    }

    @Test
    void packetsThatMustWaitForTheirStreamPauseTheConnectionsReadsButNeverTheReader() throws Exception {
        String id = open("Probe.sink", Map.of("name", "held"));
        byte[] data = ProbeStreams.pattern(256 * KIB);
        long started = System.nanoTime();
        for (int seq = 0; seq < 12; seq++) { // 3 MiB: the stream's buffer (1 MiB) and the inbox (1 MiB) fill up
            packet(id, "continue", seq, data);
        }
        assertThat(System.nanoTime() - started).as("the reader never waits for a stream")
                .isLessThan(TimeUnit.SECONDS.toNanos(2));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!wire.paused()) {
            assertThat(System.nanoTime()).as("reads pause").isLessThan(deadline);
            Thread.sleep(5);
        }
        probe.held.countDown();
        packet(id, "ok", 12, new byte[0]);
        packetOut(id, "ok", 0);
        assertThat(probe.sinkResult("held").get(5, TimeUnit.SECONDS)).hasSize(12 * 256 * KIB);
        assertThat(wire.paused()).as("reads resumed").isFalse();
        assertThat(wire.pauses()).isPositive();
    }

    @Test
    void aDownloadFollowsItsCallsReplyInPacketsOf256KiBWithHolesAndTheHandshake() throws Exception {
        String id = open("Probe.source", Map.of("size", 600 * KIB, "hole", 4096));
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int seq = 0; seq < 3; seq++) {
            Frame f = packetOut(id, "continue", seq);
            assertThat(f.header("content-length")).isEqualTo(Integer.toString(f.body().length));
            data.writeBytes(f.body());
        }
        assertThat(data.toByteArray()).isEqualTo(ProbeStreams.pattern(600 * KIB));
        assertThat(packetOut(id, "hole", 3).header("length")).isEqualTo("4096");
        Frame end = packetOut(id, "continue", 4);
        assertThat(end.body()).as("the end of data: an empty continue").isEmpty();
        assertThat(end.headers()).doesNotContainKey("content-length");
        packet(id, "ok", 0, new byte[0]);
        packetOut(id, "ok", 5);
        assertThat(probe.sourceEnd.get(5, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void aPacketForNoStreamOfTheConnectionIsAnswered5007AndTheConnectionServesOn() throws Exception {
        packet("no-such-stream", "continue", 0, new byte[] {1, 2, 3}, "reply-to", "r");
        Frame error = packetOut("no-such-stream", "error", 0);
        assertThat(error.headers()).containsEntry("code", "5007");
        assertThat(error.header("message")).contains("No such stream: 'no-such-stream'");
        packet("no-such-stream", "error", 1, new byte[0], "reply-to", "r"); // an abort of nothing: no answer
        pingIsAnswered();
    }

    @Test
    void aPacketOutOfOrderEndsItsStreamWith5008AndLaterPacketsAreForNoStream() throws Exception {
        String id = open("Probe.sink", Map.of("name", "b"));
        packet(id, "continue", 1, new byte[] {1});
        Frame error = packetOut(id, "error", 0);
        assertThat(error.headers()).containsEntry("code", "5008");
        assertThat(error.header("message")).contains("seq 1 out of order, expected 0");
        assertThat(failure(probe.sinkResult("b"))).isInstanceOf(StreamAbortedException.class);
        packet(id, "continue", 0, new byte[] {1}, "reply-to", "r");
        assertThat(packetOut(id, "error", 0).headers()).containsEntry("code", "5007");
        pingIsAnswered();
    }

    @Test
    void aPacketWithABadStatusOrSeqEndsItsStreamWith5008() throws Exception {
        String id = open("Probe.sink", Map.of("name", "c"));
        packet(id, "continue", 0, new byte[] {1});
        packet(id, "frob", 1, new byte[0]);
        Frame error = packetOut(id, "error", 0);
        assertThat(error.headers()).containsEntry("code", "5008");
        assertThat(error.header("message")).isEqualTo("stream " + id + ": status 'frob'; a packet's status is"
                + " continue, hole, ok or error");
        assertThat(failure(probe.sinkResult("c"))).isInstanceOf(StreamAbortedException.class);

        String other = open("Probe.sink", Map.of("name", "d"));
        Map<String, String> noSeq = Map.of("destination", StompStreams.DESTINATION, "stream", other, "status", "hole",
                "seq", "0");
        frame("SEND", noSeq, new byte[0]);
        assertThat(packetOut(other, "error", 0).header("message")).isEqualTo("stream " + other
                + ": a hole packet needs 'length', a number from 0; got none");
        pingIsAnswered();
    }

    @Test
    void aPacketOver256KiBIsReadPastAndEndsItsStreamWith5004() throws Exception {
        String id = open("Probe.sink", Map.of("name", "e"));
        packet(id, "continue", 0, new byte[256 * KIB + 1]);
        Frame error = packetOut(id, "error", 0);
        assertThat(error.headers()).containsEntry("code", "5004");
        assertThat(error.header("message")).isEqualTo("stream " + id + ": a packet of 262145 bytes; at most 262144");
        assertThat(failure(probe.sinkResult("e"))).isInstanceOf(StreamAbortedException.class);
        pingIsAnswered(); // the decoder found the frame after the dropped body
    }

    @Test
    void aStatusAfterTheClientsOwnErrorIsForNoStream() throws Exception {
        String id = open("Probe.sink", Map.of("name", "f"));
        packet(id, "continue", 0, new byte[] {1, 2});
        packet(id, "error", 1, new byte[0], "code", "1", "message", "changed my mind");
        assertThat(failure(probe.sinkResult("f"))).isInstanceOf(StreamAbortedException.class);
        packet(id, "continue", 2, new byte[] {3}, "reply-to", "r");
        assertThat(packetOut(id, "error", 0).headers()).containsEntry("code", "5007");
        pingIsAnswered();
    }

    @Test
    void aClientThatStopsReadingHoldsBackItsDownloadWhichEndsAfterTheWriteTimeout() throws Exception {
        wire.reading(false);
        call("Probe.source", Map.of("size", 16 * 1024 * KIB, "hole", 0), "open");
        Throwable end = probe.sourceEnd.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(end).as("the handler was told the stream ended").isInstanceOf(StreamAbortedException.class);
        assertThat(wire.pendingPacketBytes()).as("unread stream bytes stay within the window and a packet")
                .isBetween(1L, StompStreams.WINDOW + 260 * KIB);
        wire.reading(true);
        JsonNode reply = JSON.readTree(wire.next(WAIT).body());
        String id = reply.path("result").path("streamId").asText();
        long seq = 0;
        Frame f;
        while (!(f = packetOut(id, null, seq++)).header("status").equals("error")) {
            assertThat(f.header("status")).isEqualTo("continue");
        }
        assertThat(seq).as("packets written before the client stopped reading").isBetween(2L, 10L);
        assertThat(f.headers()).as("what the client finds when it reads again").containsEntry("code", "5010");
        assertThat(f.header("message")).endsWith("the client read nothing for 500 ms (stomp.streamSendTimeout);"
                + " the stream ended");
        pingIsAnswered();
    }

    @Test
    void theConnectionsEndDetachesItsStreams() throws Exception {
        open("Probe.sink", Map.of("name", "g"));
        session.closed();
        assertThat(failure(probe.sinkResult("g"))).isInstanceOf(StreamAbortedException.class);
    }

    @Test
    void aPacketSentBeforeTheCallsReplyCannotOvertakeIt() throws Exception {
        // the source starts sending as soon as the call opens it; the reply must still come first
        for (int i = 0; i < 20; i++) {
            String id = open("Probe.source", Map.of("size", 1, "hole", 0));
            packetOut(id, "continue", 0);
            packetOut(id, "continue", 1);
            packet(id, "ok", 0, new byte[0]);
            packetOut(id, "ok", 2);
        }
    }
}
