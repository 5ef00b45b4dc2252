package io.hostbridge.http;

import io.hostbridge.bridge.CallContext;
import io.hostbridge.bridge.Transport;
import org.glassfish.grizzly.http.server.Request;

/** How a call came in over the shared HTTP listener, for the call pipeline to decide who is calling. */
public final class HttpCallers {
    private HttpCallers() {
    }

    /**
     * @param binding how the call came in, e.g. {@code rest}, {@code jsonrpc}, {@code xmlrpc}
     * @return the transport facts: peer address and port, and the {@code FlowID} header as sent
     */
    public static Transport of(Request request, String binding) {
        return Transport.of(binding, request.getRemoteAddr() + ":" + request.getRemotePort(),
                request.getHeader(CallContext.FLOW_ID));
    }
}
