package io.hostbridge.binding.rest;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.stream.StreamChannel;
import io.hostbridge.bridge.Bridge;
import io.hostbridge.http.WebSocketEndpoint;
import io.hostbridge.http.WebSocketUpgrade;
import io.hostbridge.jsonrpc.JsonText;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Streams for HTTP callers: {@code GET /api/v1/streams/{streamId}} upgraded to a WebSocket attaches a stream that an
 * earlier call of the same caller opened (a REST or JSON-RPC call has no room for packets), through the call
 * pipeline like any call. An unknown stream, someone else's, or one attached already is refused before the
 * upgrade, as a problem like any REST error. One stream per WebSocket, so the WebSocket's own flow control is the
 * stream's.
 */
@Singleton
final class StreamSockets implements WebSocketEndpoint {
    static final String PATH = RestModule.CONTEXT_PATH + "/streams/";
    /** The transport's name in the access log and the metrics. */
    static final String BINDING = "websocket";

    private final Bridge bridge;
    private final Limits limits;

    @Inject
    StreamSockets(Bridge bridge, RestSettings settings) {
        this.bridge = bridge;
        // a message is a packet (or a status); four packets may wait for the caller to read them
        this.limits = new Limits(StreamChannel.MAX_PACKET, 4 * StreamChannel.MAX_PACKET, settings.streamSendTimeout());
    }

    @Override
    public String name() {
        return "streams";
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public Limits limits() {
        return limits;
    }

    @Override
    public Answer upgrade(WebSocketUpgrade upgrade) {
        StreamSocket socket = new StreamSocket(upgrade.session());
        try {
            bridge.streams().attach(upgrade.transport(BINDING), upgrade.rest(), socket::attach);
        } catch (BridgeException e) {
            return Answer.refuse(Problems.status(e.error().kind()), JsonText.write(Problems.body(e)));
        }
        return Answer.accept(socket);
    }
}
