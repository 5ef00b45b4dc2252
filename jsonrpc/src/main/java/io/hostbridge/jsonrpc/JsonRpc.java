package io.hostbridge.jsonrpc;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.Printable;
import io.hostbridge.bridge.Bridge;
import io.hostbridge.bridge.Transport;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC 2.0 over the bridge, as VDSM spoke it: the protocol rules shared by every transport that carries
 * it (HTTP at {@code /api/v1/jsonrpc}, AMQP). It works on neutral values; the transport parses and prints
 * the JSON text and calls {@link #parseError} when the text is not JSON.
 *
 * <ul>
 *   <li>a request is an object with {@code jsonrpc: "2.0"}, a {@code method}, optional {@code params}
 *       (an object of named params, or an array in the verb's declaration order) and an optional {@code id}
 *       (string, integer or null); without {@code id} it is a notification and gets no response;</li>
 *   <li>a batch is a non-empty array of requests; its response holds one entry per non-notification;</li>
 *   <li>protocol errors use −32700…−32603; invalid params (missing, unknown, wrong type) are −32602 with a
 *       message naming the parameter; every other failure carries the bridge's code, and
 *       {@code error.data} holds {@code code} (the bridge's), {@code name}, and {@code parameter} or
 *       {@code errorId} when there is one.</li>
 * </ul>
 */
public final class JsonRpc {
    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;

    private static final Logger LOG = LoggerFactory.getLogger(JsonRpc.class);
    private static final Set<String> MEMBERS = Set.of("jsonrpc", "method", "params", "id");
    private static final BigInteger MAX_ID = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger MIN_ID = BigInteger.valueOf(Long.MIN_VALUE);

    private final Bridge bridge;

    public JsonRpc(Bridge bridge) {
        this.bridge = bridge;
    }

    /**
     * Handles one decoded JSON-RPC document (a request object or a batch array).
     *
     * @return the response document (an object, or an array for a batch), or null when nothing is to be sent
     *         (notifications only)
     */
    public Object handle(Object document, Transport transport) {
        if (document instanceof List<?> batch) {
            if (batch.isEmpty()) {
                return error(null, INVALID_REQUEST, "Invalid request: empty batch", null);
            }
            List<Object> responses = new ArrayList<>(batch.size());
            for (Object request : batch) {
                Map<String, Object> response = handleOne(request, transport);
                if (response != null) {
                    responses.add(response);
                }
            }
            return responses.isEmpty() ? null : responses;
        }
        return handleOne(document, transport);
    }

    /** The response to a document that is not JSON. */
    public static Map<String, Object> parseError(String detail) {
        return error(null, PARSE_ERROR, "Parse error: " + detail, null);
    }

    /**
     * The response to a request refused before it was read, e.g. too large or the agent at capacity: the
     * error carries the bridge's code.
     */
    public static Map<String, Object> refusal(Object id, BridgeException e) {
        return error(id, e.code(), e.getMessage(), data(e));
    }

    /** The method a request document names, for logs and metrics; null when there is none. */
    public static String methodOf(Object document) {
        return document instanceof Map<?, ?> m && m.get("method") instanceof String s ? s : null;
    }

    /** The id of a single request, to echo in a refusal; null for a batch, a notification or an invalid id. */
    public static Object idOf(Object document) {
        Object id = document instanceof Map<?, ?> m ? m.get("id") : null;
        return validId(id) ? normalizeId(id) : null;
    }

    private Map<String, Object> handleOne(Object request, Transport transport) {
        if (!(request instanceof Map<?, ?> raw)) {
            return error(null, INVALID_REQUEST, "Invalid request: expected an object, got " + describe(request), null);
        }
        boolean notification = !raw.containsKey("id");
        Object id = raw.get("id");
        if (!validId(id)) {
            return error(null, INVALID_REQUEST, "Invalid request: 'id' must be a string, an integer or null", null);
        }
        id = normalizeId(id);
        String invalid = checkEnvelope(raw);
        if (invalid != null) {
            return error(id, INVALID_REQUEST, "Invalid request: " + invalid, null);
        }
        String method = (String) raw.get("method");
        try {
            Object params = raw.get("params");
            Map<String, ?> named;
            if (params == null) {
                named = Map.of();
            } else if (params instanceof List<?> positional) {
                // an unknown method has no positions; the bridge refuses it (and logs it) as any unknown verb
                named = bridge.api().verb(method).map(v -> v.namePositional(positional)).orElse(Map.of());
            } else {
                @SuppressWarnings("unchecked")
                Map<String, ?> map = (Map<String, ?>) params;
                named = map;
            }
            Object result = bridge.call(transport, method, named);
            if (notification) {
                return null;
            }
            Map<String, Object> response = new LinkedHashMap<>(4);
            response.put("jsonrpc", "2.0");
            response.put("result", result == null ? Boolean.TRUE : result);
            response.put("id", id);
            return response;
        } catch (BridgeException e) {
            if (notification) {
                LOG.debug("notification {} failed: {} {}", method, e.code(), e.getMessage());
                return null;
            }
            // JSON-RPC's own wording for a method it does not know
            String message = e.error() == ErrorCode.UNKNOWN_VERB ? "Method not found: " + Printable.of(method)
                    : e.getMessage();
            return error(id, protocolCode(e), message, data(e));
        }
    }

    /** Checks the members of a request; returns what is wrong, or null. */
    private static String checkEnvelope(Map<?, ?> request) {
        for (Object key : request.keySet()) {
            if (!MEMBERS.contains(key)) {
                return "unknown member '" + Printable.of(String.valueOf(key)) + "' (allowed: jsonrpc, method, params, id)";
            }
        }
        if (!"2.0".equals(request.get("jsonrpc"))) {
            return "'jsonrpc' must be \"2.0\"";
        }
        Object method = request.get("method");
        if (!(method instanceof String s) || s.isEmpty()) {
            return "'method' must be a non-empty string";
        }
        Object params = request.get("params");
        if (request.containsKey("params") && !(params instanceof Map || params instanceof List)) {
            return "'params' must be an object or an array";
        }
        return null;
    }

    private static boolean validId(Object id) {
        return id == null || id instanceof String || id instanceof Integer || id instanceof Long
                || id instanceof BigInteger b && b.compareTo(MIN_ID) >= 0 && b.compareTo(MAX_ID) <= 0;
    }

    private static Object normalizeId(Object id) {
        return id instanceof BigInteger b ? (Object) b.longValue() : id;
    }

    /** Request errors about parameters are JSON-RPC's "invalid params"; an unknown verb is "method not found". */
    private static int protocolCode(BridgeException e) {
        return switch (e.error()) {
            case UNKNOWN_VERB -> METHOD_NOT_FOUND;
            case MISSING_PARAMETER, INVALID_PARAMETER -> INVALID_PARAMS;
            case MALFORMED_REQUEST -> INVALID_REQUEST;
            default -> e.code();
        };
    }

    private static Map<String, Object> data(BridgeException e) {
        Map<String, Object> data = new LinkedHashMap<>(4);
        data.put("code", e.code());
        data.put("name", e.error().wireName());
        if (e.parameter() != null) {
            data.put("parameter", e.parameter());
        }
        if (e.errorId() != null) {
            data.put("errorId", e.errorId());
        }
        return data;
    }

    private static Map<String, Object> error(Object id, int code, String message, Map<String, Object> data) {
        Map<String, Object> error = new LinkedHashMap<>(4);
        error.put("code", code);
        error.put("message", message);
        if (data != null) {
            error.put("data", data);
        }
        Map<String, Object> response = new LinkedHashMap<>(4);
        response.put("jsonrpc", "2.0");
        response.put("error", error);
        response.put("id", id);
        return response;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return value instanceof List ? "an array" : "a value of another kind";
    }
}
