package io.hostbridge.binding.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.Printable;
import io.hostbridge.bridge.stream.StreamPacket;
import io.hostbridge.jsonrpc.JsonText;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stream's status packets as WebSocket text messages, one JSON object each: {@code {"status":"ok"}},
 * {@code {"status":"hole","length":N}}, {@code {"status":"eof"}} (the end of the sender's data: libvirt's empty
 * CONTINUE) and {@code {"status":"error","code":N,"message":"…"}}. Data goes in binary messages. No sequence
 * numbers: the WebSocket keeps the order, and the binding numbers the packets for the bridge.
 */
final class StreamStatus {
    static final String EOF = "eof";

    private StreamStatus() {
    }

    /** The text message of a packet that carries no data. */
    static String text(StreamPacket packet) {
        Map<String, Object> status = new LinkedHashMap<>();
        switch (packet.status()) {
            case CONTINUE -> status.put("status", EOF); // data goes binary: a CONTINUE here is the end of data
            case HOLE -> {
                status.put("status", "hole");
                status.put("length", packet.holeLength());
            }
            case OK -> status.put("status", "ok");
            case ERROR -> {
                status.put("status", "error");
                status.put("code", packet.code());
                status.put("message", packet.message());
            }
            default -> throw new IllegalStateException(packet.status().name());
        }
        return JsonText.write(status);
    }

    /**
     * The packet a caller's text message stands for, numbered {@code seq}; whether it fits the stream now is the
     * bridge's to check.
     *
     * @throws BridgeException {@link ErrorCode#MALFORMED_REQUEST} for what is not a status object,
     *                         {@link ErrorCode#STREAM_PROTOCOL_ERROR} for a status the WebSocket does not carry
     */
    static StreamPacket packet(String text, long seq) {
        Object value;
        try {
            value = JsonText.read(text);
        } catch (JsonProcessingException e) {
            throw BridgeException.of(ErrorCode.MALFORMED_REQUEST, "A text message must be a JSON status object: "
                    + JsonText.describe(e));
        }
        if (!(value instanceof Map<?, ?> status) || !(status.get("status") instanceof String name)) {
            throw BridgeException.of(ErrorCode.MALFORMED_REQUEST, "A text message must be a JSON object with a"
                    + " \"status\": ok, hole, eof or error");
        }
        return switch (name) {
            case "ok" -> StreamPacket.ok(seq);
            case EOF -> StreamPacket.endOfData(seq);
            case "hole" -> StreamPacket.hole(seq, length(status.get("length")));
            case "error" -> StreamPacket.error(seq, status.get("code") instanceof Number n ? n.intValue() : 0,
                    status.get("message") instanceof String m ? m : "");
            default -> throw BridgeException.of(ErrorCode.STREAM_PROTOCOL_ERROR, "Unknown status '"
                    + Printable.of(name) + "': ok, hole, eof or error; data goes in binary messages");
        };
    }

    private static long length(Object length) {
        if (length instanceof Integer || length instanceof Long) {
            return ((Number) length).longValue();
        }
        throw BridgeException.of(ErrorCode.STREAM_PROTOCOL_ERROR, "A hole needs its length in bytes, a whole"
                + " number: {\"status\":\"hole\",\"length\":N}");
    }
}
