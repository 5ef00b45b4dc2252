package io.hostbridge.http;

import io.hostbridge.bridge.CallContext;
import org.glassfish.grizzly.http.server.Request;

/** Who is calling over the shared HTTP listener, as far as a binding can tell (no authentication yet). */
public final class HttpCallers {
    private HttpCallers() {
    }

    /**
     * @param binding how the call came in, e.g. {@code rest}, {@code jsonrpc}, {@code xmlrpc}
     * @return the caller's context, with the {@code FlowID} header as its flow id (CallContext replaces an odd one)
     */
    public static CallContext of(Request request, String binding) {
        return CallContext.unauthenticated(binding, request.getRemoteAddr() + ":" + request.getRemotePort(),
                request.getHeader(CallContext.FLOW_ID));
    }
}
