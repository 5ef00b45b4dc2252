package io.hostbridge.http;

import java.nio.ByteBuffer;

/**
 * One WebSocket's messages from the peer, in order, one callback at a time. A callback may block: the listener
 * reads nothing more from that connection until it returns (back-pressure on the peer's TCP connection), and no
 * listener thread waits meanwhile.
 */
public interface WebSocketHandler {

    /** A text message (its fragments joined). */
    void text(String message);

    /** A binary message (its fragments joined); the buffer is the handler's. */
    void binary(ByteBuffer message);

    /**
     * The peer broke the WebSocket protocol (a message over {@link WebSocketEndpoint.Limits#maxMessageBytes()}, a
     * bad frame, text that is not UTF-8): the WebSocket closes with {@code closeCode} once this returns, and no more
     * messages come. The handler may still send, e.g. an error message of its own protocol.
     */
    void refused(int closeCode, String reason);

    /**
     * The connection is gone (either side closed it, or it broke). Called once; it may come while another callback
     * blocks, so that the handler can end what that callback waits for.
     */
    void closed();
}
