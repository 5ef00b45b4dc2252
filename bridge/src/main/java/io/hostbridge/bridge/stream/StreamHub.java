package io.hostbridge.bridge.stream;

import io.hostbridge.bridge.Transport;

/**
 * The bridge's data streams, as bindings reach them. A verb opens a stream through a call; its caller's packets
 * then flow on the call's connection ({@link StreamPorts}) or, for a caller whose transport has no room for
 * packets (a plain HTTP request), on a connection it attaches afterwards (a WebSocket).
 */
public interface StreamHub {

    /**
     * Attaches a stream opened by an earlier call to the caller's connection, as a call of its own
     * ({@code streams.attach}) that passes the pipeline. Only the caller who opened the stream may attach it,
     * and only once.
     *
     * @throws io.hostbridge.api.BridgeException {@link io.hostbridge.api.ErrorCode#NO_SUCH_STREAM} for an unknown
     *         stream or one opened by someone else; {@link io.hostbridge.api.ErrorCode#STREAM_PROTOCOL_ERROR} for
     *         one already attached
     */
    AttachedStream attach(Transport transport, String streamId, StreamPorts ports);

    /** Streams open now (attached or waiting to be). */
    int open();
}
