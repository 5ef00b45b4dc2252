package io.hostbridge.bridge.stream;

import java.io.IOException;

/**
 * Where a stream's packets to the caller go: the binding's side of a stream, on the caller's connection (an AMQP
 * reply address, a STOMP connection, a WebSocket). Called by one thread at a time.
 */
public interface StreamPort {

    /**
     * Sends a packet to the caller; waits while the caller's connection is full (this is the stream's
     * back-pressure), but not for ever: a caller that stops reading is an {@link IOException}.
     *
     * @throws IOException the caller's connection is gone or does not take packets: the stream is aborted
     */
    void send(StreamPacket packet) throws IOException, InterruptedException;

    /** The stream has ended (however it ended): forget it. Called once. */
    void closed();
}
