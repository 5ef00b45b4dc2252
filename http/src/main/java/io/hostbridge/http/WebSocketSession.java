package io.hostbridge.http;

import java.io.IOException;
import java.nio.ByteBuffer;

/** The sending side of one WebSocket. Thread-safe; messages go out whole, in the order of the calls. */
public interface WebSocketSession {

    /**
     * Sends a text message. Waits while the peer has more than {@link WebSocketEndpoint.Limits#maxQueuedBytes()}
     * to read, but no longer than {@link WebSocketEndpoint.Limits#sendTimeout()}: then the connection is dropped.
     *
     * @throws IOException the WebSocket is closed or closing, or the peer stopped reading
     */
    void sendText(String message) throws IOException, InterruptedException;

    /** Sends a binary message, as {@link #sendText} does; the buffer is the session's until it is written. */
    void sendBinary(ByteBuffer message) throws IOException, InterruptedException;

    /**
     * Starts the closing handshake with {@code code} (RFC 6455, e.g. 1000) and a short reason; the connection ends
     * when the peer answers, or a few seconds later. Nothing can be sent after it; a second call does nothing.
     */
    void close(int code, String reason);
}
