package io.hostbridge.binding.stomp;

import io.hostbridge.bridge.Transport;

/** A STOMP connection as its session sees it: bytes out, closing, and who is at the other end. */
interface Wire {
    /**
     * Queues bytes to send, after those queued before (from any thread); then closes the connection once they are
     * sent when {@code thenClose}.
     */
    void write(byte[] bytes, boolean thenClose);

    /** Queues a stream packet's frame, as {@link #write}; its bytes are also counted in {@link #pendingPacketBytes}. */
    void writePacket(byte[] frame);

    /** Stops reading from the connection (its peer's bytes wait in its socket) until {@link #resumeReading}. */
    void pauseReading();

    void resumeReading();

    /** Closes the connection now, dropping what is not sent; wakes whoever waits in {@link #awaitPendingAtMost}. */
    void close();

    /** Bytes queued and not yet taken by the peer. */
    long pendingBytes();

    /** The part of {@link #pendingBytes} that stream packets queued. */
    long pendingPacketBytes();

    /**
     * Waits until at most {@code bytes} are queued; false when that did not happen within {@code nanos}, or the
     * connection is closed.
     */
    boolean awaitPendingAtMost(long bytes, long nanos) throws InterruptedException;

    /** How a call came in on this connection, with the flow id the caller sent (or null). */
    Transport transport(String flowId);

    /** For logs: the peer's address. */
    String remote();
}
