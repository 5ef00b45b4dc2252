package io.hostbridge.binding.stomp;

import io.hostbridge.bridge.Transport;

/** A STOMP connection as its session sees it: bytes out, closing, and who is at the other end. */
interface Wire {
    /**
     * Queues bytes to send, after those queued before (from any thread); then closes the connection once they are
     * sent when {@code thenClose}.
     */
    void write(byte[] bytes, boolean thenClose);

    /** Closes the connection now, dropping what is not sent. */
    void close();

    /** Bytes queued and not yet taken by the peer. */
    long pendingBytes();

    /** How a call came in on this connection, with the flow id the caller sent (or null). */
    Transport transport(String flowId);

    /** For logs: the peer's address. */
    String remote();
}
