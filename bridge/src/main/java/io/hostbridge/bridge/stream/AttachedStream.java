package io.hostbridge.bridge.stream;

import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.stream.StreamMode;

/** A stream as the binding that carries it sees it: the way in for the caller's packets. */
public interface AttachedStream {

    String id();

    StreamMode mode();

    /**
     * A packet from the caller. Checks it (sequence number, size, whether the stream takes it now) and queues it
     * for the stream's handler; waits while the stream's buffer is full, but only briefly (then the stream ends
     * with code 1100). A wrong packet ends the stream: the caller gets an ERROR packet naming what is wrong.
     * Never throws for what the caller sent. Call it from one thread at a time, in the order the caller sent;
     * packets after the stream ended are ignored.
     */
    void receive(StreamPacket packet);

    /**
     * Ends the stream for something wrong the binding found in what the caller sent (a frame it cannot read as a
     * packet): the bridge sends the caller an ERROR packet with {@code code} and {@code message} (safe to show),
     * after any packet already under way, and aborts the handler. Nothing happens once the stream ended.
     */
    void fail(ErrorCode code, String message);

    /** The caller's connection is gone: the stream is aborted, and nothing more is sent (nothing once it ended). */
    void detach();
}
