package io.hostbridge.binding.rest;

import io.hostbridge.api.CallContext;
import org.glassfish.grizzly.http.server.Request;

/** Who is calling, as far as this binding can tell. */
final class Callers {
    /** VDSM's correlation header. */
    static final String FLOW_ID = "FlowID";

    private Callers() {
    }

    static CallContext of(Request request) {
        return of(request, "rest");
    }

    /** @param binding how the call came in: {@code rest}, or {@code jsonrpc} for JSON-RPC over HTTP */
    static CallContext of(Request request, String binding) {
        String flowId = request.getHeader(FLOW_ID);
        if (flowId != null && (flowId.length() > 128 || !flowId.chars().allMatch(c -> c > 32 && c < 127))) {
            flowId = null; // not ours to log: a fresh id replaces anything odd
        }
        return CallContext.unauthenticated(binding, request.getRemoteAddr() + ":" + request.getRemotePort(), flowId);
    }
}
