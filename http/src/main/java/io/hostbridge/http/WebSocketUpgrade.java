package io.hostbridge.http;

import io.hostbridge.bridge.CallContext;
import io.hostbridge.bridge.Transport;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.http.HttpRequestPacket;

/** A WebSocket upgrade request, as a {@link WebSocketEndpoint} decides on it. */
public final class WebSocketUpgrade {
    private final HttpRequestPacket request;
    private final String rest;
    private final WebSocketSession session;

    WebSocketUpgrade(HttpRequestPacket request, String rest, WebSocketSession session) {
        this.request = request;
        this.rest = rest;
        this.session = session;
    }

    /** The request path after the endpoint's {@link WebSocketEndpoint#path()}, decoded. */
    public String rest() {
        return rest;
    }

    /** A request header, or null. */
    public String header(String name) {
        return request.getHeader(name);
    }

    /**
     * How the request came in, for the call pipeline: the TLS client certificate, the unix socket's user or the
     * insecure loopback listener's caller, the peer's address, the {@code FlowID} header.
     *
     * @param binding how the call came in, e.g. {@code websocket}
     */
    public Transport transport(String binding) {
        Connection<?> connection = request.getConnection();
        return ConnectionCallers.of(connection, ConnectionCallers.peer(connection), binding,
                request.getHeader(CallContext.FLOW_ID));
    }

    /** Where this WebSocket's messages to the peer go, once it is accepted. */
    public WebSocketSession session() {
        return session;
    }
}
