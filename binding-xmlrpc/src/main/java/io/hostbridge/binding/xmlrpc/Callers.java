package io.hostbridge.binding.xmlrpc;

import io.hostbridge.api.CallContext;
import org.glassfish.grizzly.http.server.Request;

/** Who is calling, as far as this binding can tell. */
final class Callers {
    /** VDSM's correlation header. */
    static final String FLOW_ID = "FlowID";

    private Callers() {
    }

    static CallContext of(Request request) {
        String flowId = request.getHeader(FLOW_ID);
        if (flowId != null && (flowId.length() > 128 || !flowId.chars().allMatch(c -> c > 32 && c < 127))) {
            flowId = null; // not ours to log: a fresh id replaces anything odd
        }
        return CallContext.unauthenticated("xmlrpc", request.getRemoteAddr() + ":" + request.getRemotePort(), flowId);
    }
}
