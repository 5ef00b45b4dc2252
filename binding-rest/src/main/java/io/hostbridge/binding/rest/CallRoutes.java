package io.hostbridge.binding.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.bridge.Bridge;
import io.hostbridge.http.BoundedInputStream;
import io.hostbridge.http.HttpCallers;
import io.hostbridge.jsonrpc.JsonRpc;
import io.hostbridge.jsonrpc.JsonText;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * The two generic call routes, {@code POST /api/v1/rpc/{verb}} and {@code POST /api/v1/jsonrpc}, served by a plain
 * Grizzly handler in front of the Jersey application: they are the hot path of every REST and JSON-RPC client, and
 * Jersey's per-request dispatch (resource matching, HK2 lookups, message body workers) cost about half of their
 * CPU. They answer as the Jersey resources they replace did: the same statuses, media types, bodies and problem
 * documents; OPTIONS names the methods, another method gets 405 with {@code Allow}, and an {@code Accept} header
 * without JSON gets 406.
 * Every other request goes on to Jersey.
 */
final class CallRoutes extends HttpHandler {
    private static final String RPC = "/rpc/";
    private static final String JSONRPC = "/jsonrpc";
    private static final String JSON = "application/json";
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    /** The methods the two routes answer (OPTIONS says so, as Jersey did for its resources). */
    private static final String ALLOW = "POST,OPTIONS";

    private final HttpHandler jersey;
    private final Bridge bridge;
    private final JsonRpc rpc;
    private final long maxRequestBytes;

    CallRoutes(HttpHandler jersey, Bridge bridge, RestSettings settings) {
        super(jersey.getName());
        this.jersey = jersey;
        this.bridge = bridge;
        this.rpc = new JsonRpc(bridge);
        this.maxRequestBytes = settings.maxRequestBytes();
    }

    @Override
    public void start() {
        jersey.start();
    }

    @Override
    public void destroy() {
        jersey.destroy();
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        String path = request.getPathInfo();
        boolean isCall = path != null && path.startsWith(RPC) && path.length() > RPC.length()
                && path.indexOf('/', RPC.length()) < 0;
        if (!isCall && !JSONRPC.equals(path)) {
            jersey.service(request, response);
        } else if (Method.OPTIONS.equals(request.getMethod())) {
            response.setHeader("Allow", ALLOW);
            response.setContentLength(0);
        } else if (!Method.POST.equals(request.getMethod())) {
            response.setHeader("Allow", ALLOW);
            problem(response, 405, "Method not allowed; allowed: [" + ALLOW + "]");
        } else if (!acceptsJson(request.getHeader("Accept"))) {
            problem(response, 406, "Not Acceptable: the answer is application/json");
        } else if (isCall) {
            call(path.substring(RPC.length()), request, response);
        } else {
            jsonRpc(request, response);
        }
    }

    /** {@code rpc/{verb}}: a JSON object of named parameters in, the verb's result as JSON out. */
    private void call(String verb, Request request, Response response) throws IOException {
        byte[] body;
        try {
            Map<String, Object> params = Json.readParams(request.getInputStream(), maxRequestBytes);
            Object result = bridge.call(HttpCallers.of(request, "rest"), verb, params);
            // a verb without result answers 'true', as JSON-RPC does, so the body is always JSON
            body = result == null ? TRUE : JsonText.MAPPER.writeValueAsBytes(result);
        } catch (BridgeException e) {
            problem(response, e);
            return;
        } catch (RuntimeException | JsonProcessingException e) {
            problem(response, Problems.unexpected(e));
            return;
        }
        write(response, 200, JSON, body);
    }

    /**
     * {@code jsonrpc}: one JSON-RPC 2.0 request or a batch. Protocol errors are JSON-RPC responses with status 200,
     * as JSON-RPC over HTTP clients expect; a body over the size cap is refused with 413 and a JSON-RPC error (code
     * 5004); a POST holding only notifications gets 204.
     */
    private void jsonRpc(Request request, Response response) throws IOException {
        Object document;
        try (InputStream in = new BoundedInputStream(request.getInputStream(), maxRequestBytes)) {
            document = JsonText.MAPPER.readValue(in, Object.class);
        } catch (BoundedInputStream.TooLargeException e) {
            writeJson(response, 413, JsonRpc.refusal(null, BridgeException.of(ErrorCode.REQUEST_TOO_LARGE,
                    e.getMessage())));
            return;
        } catch (JsonProcessingException e) {
            writeJson(response, 200, JsonRpc.parseError(JsonText.describe(e)));
            return;
        } catch (IOException e) {
            writeJson(response, 200, JsonRpc.parseError("could not read the request body"));
            return;
        }
        Object answer;
        try {
            answer = rpc.handle(document, HttpCallers.of(request, "jsonrpc"));
        } catch (RuntimeException e) {
            problem(response, Problems.unexpected(e));
            return;
        }
        if (answer == null) {
            response.setStatus(204);
            return;
        }
        writeJson(response, 200, answer);
    }

    private static void writeJson(Response response, int status, Object value) throws IOException {
        byte[] body;
        try {
            body = JsonText.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            problem(response, Problems.unexpected(e));
            return;
        }
        write(response, status, JSON, body);
    }

    /** A bridge error as the REST binding's problem document ({@link Problems}). */
    private static void problem(Response response, BridgeException e) throws IOException {
        int status = Problems.status(e.error().kind());
        String retryAfter = Problems.retryAfter(status);
        if (retryAfter != null) {
            response.setHeader("Retry-After", retryAfter);
        }
        write(response, status, Problems.MEDIA_TYPE, JsonText.MAPPER.writeValueAsBytes(Problems.body(e)));
    }

    /** A refusal of the request's form, before any call (as {@link ExceptionMappers.Web} words Jersey's). */
    private static void problem(Response response, int status, String detail) throws IOException {
        write(response, status, Problems.MEDIA_TYPE, JsonText.MAPPER.writeValueAsBytes(
                Problems.body(ErrorCode.MALFORMED_REQUEST, status, detail)));
    }

    private static void write(Response response, int status, String type, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType(type);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /**
     * Whether a JSON answer satisfies the {@code Accept} header: none, or a media range that covers
     * {@code application/json} (with any parameters but a quality of 0).
     */
    static boolean acceptsJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        // the most specific range that covers application/json decides, as content negotiation does
        int specificity = -1;
        double quality = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            int rank = type.equals(JSON) ? 2 : type.equals("application/*") ? 1 : type.equals("*/*") ? 0 : -1;
            if (rank > specificity) {
                specificity = rank;
                quality = 1;
                for (int i = 1; i < parts.length; i++) {
                    String param = parts[i].trim().toLowerCase(Locale.ROOT);
                    if (param.startsWith("q=")) {
                        quality = quality(param.substring(2));
                    }
                }
            }
        }
        return quality > 0;
    }

    private static double quality(String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
