package io.hostbridge.binding.imageio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.hostbridge.api.transfer.TransferException.Reason;
import io.hostbridge.api.transfer.TransferException;
import java.io.IOException;

/** The JSON body of PATCH: {@code {"op":"zero","offset":N,"size":N,"flush":bool}} or {@code {"op":"flush"}}. */
record PatchRequest(boolean zero, long offset, long size, boolean flush) {

    static PatchRequest parse(byte[] body) {
        JsonNode msg;
        try {
            msg = Replies.JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw invalid("Invalid JSON message: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw invalid("Invalid JSON message");
        }
        if (msg == null || !msg.isObject()) {
            throw invalid("Invalid JSON message: expecting an object");
        }
        JsonNode op = msg.get("op");
        if (op == null) {
            throw invalid("Missing required value for op");
        }
        if (!op.isTextual() || !(op.asText().equals("zero") || op.asText().equals("flush"))) {
            throw invalid("Unsupported value " + op + " for 'op', expecting one of ['flush', 'zero']");
        }
        if (op.asText().equals("flush")) {
            return new PatchRequest(false, 0, 0, true);
        }
        long size = integer(msg, "size", -1);
        long offset = integer(msg, "offset", 0);
        JsonNode flush = msg.get("flush");
        if (flush != null && !flush.isBoolean()) {
            throw invalid("Boolean required for 'flush', got " + flush);
        }
        return new PatchRequest(true, offset, size, flush != null && flush.booleanValue());
    }

    /** A non-negative JSON integer (not a string, not a fraction); {@code dflt} < 0 makes it required. */
    private static long integer(JsonNode msg, String name, long dflt) {
        JsonNode value = msg.get(name);
        if (value == null) {
            if (dflt < 0) {
                throw invalid("Missing required value for '" + name + "'");
            }
            return dflt;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw invalid("Integer required for '" + name + "', got " + value);
        }
        if (value.longValue() < 0) {
            throw invalid("Invalid value for '" + name + "': " + value.longValue() + " < 0");
        }
        return value.longValue();
    }

    private static TransferException invalid(String message) {
        return TransferException.of(Reason.INVALID, message);
    }
}
