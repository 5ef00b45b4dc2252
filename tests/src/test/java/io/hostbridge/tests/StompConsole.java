package io.hostbridge.tests;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code VM.openConsole} over STOMP as docs/stomp.md describes it: the call on a connection of its own, keys as
 * {@code continue} packets to {@code jms.topic.hostbridge_streams}, the guest's output as packets to the call's
 * reply-to.
 */
final class StompConsole implements ConsoleCaller.Console {
    private static final String REPLIES = "console";

    private final StompStreamClient conn;
    private final String stream;
    private final StringBuilder output = new StringBuilder();
    /** Packets that are not data, read while looking for text. */
    private final ArrayDeque<StompClient.Frame> ends = new ArrayDeque<>();
    private long seq;

    private StompConsole(StompStreamClient conn, String stream) {
        this.conn = conn;
        this.stream = stream;
    }

    static ConsoleCaller.Console open(int port, String vmId, boolean force) throws Exception {
        StompStreamClient conn = new StompStreamClient(port);
        conn.subscribe(REPLIES);
        JsonNode response = conn.call(REPLIES, "VM.openConsole", Map.of("vmID", vmId, "force", force));
        if (response.has("error")) {
            conn.close();
            JsonNode error = response.path("error");
            int code = error.path("data").has("code") ? error.path("data").path("code").asInt()
                    : error.path("code").asInt();
            throw new ConsoleCaller.Refused(code, error.path("message").asText());
        }
        return new StompConsole(conn, response.path("result").path("streamId").asText());
    }

    @Override
    public void type(String keys) throws Exception {
        conn.packet(stream, "continue", seq++, keys.getBytes(StandardCharsets.UTF_8));
    }

    /** The next packet within {@code nanos}, or null; the guest's output is kept, other packets returned. */
    private StompClient.Frame next(long nanos) throws InterruptedException {
        StompClient.Frame f = conn.queue(REPLIES).poll(nanos, TimeUnit.NANOSECONDS);
        if (f != null && "continue".equals(f.header("status")) && f.data().length > 0) {
            output.append(new String(f.data(), StandardCharsets.UTF_8));
            return null;
        }
        return f;
    }

    @Override
    public String awaitText(String marker, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (output.indexOf(marker) < 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("'" + marker + "' not on the console within " + timeout + "; it shows: "
                        + output);
            }
            StompClient.Frame other = next(left);
            if (other != null) {
                ends.add(other);
            }
        }
        return output.toString();
    }

    @Override
    public String awaitEnd(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        StompClient.Frame f = ends.poll();
        while (f == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("the console did not end within " + timeout);
            }
            f = next(left);
        }
        return switch (f.header("status")) {
            case "continue" -> "eof";
            case "ok" -> "ok";
            default -> "error " + f.header("code") + ": " + f.header("message");
        };
    }

    @Override
    public void ok() throws Exception {
        conn.packet(stream, "ok", seq++, new byte[0]);
    }

    @Override
    public void abort(String message) throws Exception {
        conn.packet(stream, "error", seq++, new byte[0], "code", "1", "message", message);
    }
}
