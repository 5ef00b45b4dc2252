package io.hostbridge.binding.xmlrpc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * VDSM's reply struct: {@code {status: {code, message}, <payloadKey>: value}}, sent as a normal XML-RPC
 * response whether the call succeeded or not, with the value in the subset every XML-RPC client reads.
 *
 * <p>XML-RPC has 32-bit integers only and no null: every Long is sent as its decimal string (as VDSM sent
 * sizes), Integers as {@code <int>}, and null struct members are left out. Nothing else in a neutral value
 * needs changing.
 */
final class Envelope {
    static final String DONE = "Done";

    private Envelope() {
    }

    /**
     * Success; the payload is left out when {@code payloadKey} or {@code result} is null. With the payload key
     * {@link LegacyNames.Entry#MERGED} a map result's entries are the reply's own members beside status, as VDSM's
     * repoStats sent them.
     */
    static Map<String, Object> success(String payloadKey, Object result) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", status(0, DONE));
        if (LegacyNames.Entry.MERGED.equals(payloadKey) && result instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (v != null && !"status".equals(k)) {
                    reply.put(String.valueOf(k), toWire(v, String.valueOf(k)));
                }
            });
        } else if (payloadKey != null && result != null) {
            reply.put(payloadKey, toWire(result, payloadKey));
        }
        return reply;
    }

    static Map<String, Object> failure(int code, String message) {
        return Map.of("status", status(code, message));
    }

    private static Map<String, Object> status(int code, String message) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("code", code);
        status.put("message", message);
        return status;
    }

    /** A neutral value in XML-RPC's types; {@code path} names the value if it cannot be sent. */
    static Object toWire(Object value, String path) {
        if (value instanceof Long l) {
            return l.toString();
        }
        if (value instanceof String || value instanceof Integer || value instanceof Double
                || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (v != null) {
                    out.put(String.valueOf(k), toWire(v, path + "." + k));
                }
            });
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                Object item = list.get(i);
                if (item == null) {
                    // leaving it out would shift the items after it; this is a bug in the verb, not the caller's
                    throw new IllegalStateException("null at " + path + "[" + i + "] cannot be sent over XML-RPC");
                }
                out.add(toWire(item, path + "[" + i + "]"));
            }
            return out;
        }
        throw new IllegalStateException(value.getClass().getName() + " at " + path + " is not a neutral value");
    }
}
