package io.hostbridge.binding.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.http.HttpRoute;
import io.hostbridge.jsonrpc.JsonRpc;
import io.hostbridge.jsonrpc.JsonText;
import java.io.IOException;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * The REST binding's answer when the listener is at capacity: 503 with {@code Retry-After}, its body a JSON-RPC
 * error (code 1100, id null: the request was not read) on {@code /api/v1/jsonrpc}, a problem document elsewhere.
 */
final class RestBusy implements HttpRoute.Busy {
    private static final String JSONRPC = "/jsonrpc";
    /** The JSON-RPC error: the same for every refusal, so made once, not on the listener's thread each time. */
    private final byte[] body;

    RestBusy() {
        try {
            body = JsonText.MAPPER.writeValueAsBytes(JsonRpc.refusal(null,
                    BridgeException.of(ErrorCode.RESOURCE_EXHAUSTED, MESSAGE)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void answer(Request request, Response response) throws IOException {
        if (!JSONRPC.equals(request.getPathInfo())) {
            PROBLEM.answer(request, response);
            return;
        }
        response.setStatus(503);
        response.setHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
