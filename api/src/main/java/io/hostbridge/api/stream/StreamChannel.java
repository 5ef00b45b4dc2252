package io.hostbridge.api.stream;

import java.nio.ByteBuffer;

/**
 * A stream as its handler sees it. Calls block for back-pressure: {@link #receive} until the caller sent
 * something, {@link #send} until the caller's connection takes more. One thread may receive while another sends
 * (a console reads its input on one thread and writes its output on another); otherwise not thread-safe, except
 * {@link #onAbort}. Once {@link StreamHandler#run} has returned, sending is refused ({@link StreamAbortedException}).
 */
public interface StreamChannel {
    /** Largest data packet either side may send: 256 KiB, libvirt's limit, so no stream holds up other calls. */
    int MAX_PACKET = 256 * 1024;

    /** The stream's id. */
    String id();

    /**
     * The next packet from the caller: data, a hole, or the end (the caller's OK); after the end, the end again.
     *
     * @throws StreamAbortedException when the caller aborted or went away
     */
    StreamInput receive() throws StreamAbortedException, InterruptedException;

    /**
     * Sends data to the caller, in packets of at most {@link #MAX_PACKET} bytes. Waits while the caller's
     * connection is full.
     *
     * @throws StreamAbortedException when the caller aborted or went away
     */
    void send(ByteBuffer data) throws StreamAbortedException, InterruptedException;

    /** Tells the caller that the next {@code length} bytes are zero, without sending them. */
    void sendHole(long length) throws StreamAbortedException, InterruptedException;

    /**
     * Runs {@code action} (on another thread) as soon as the stream is aborted (the caller aborted or went away,
     * a wrong packet, a timeout), or at once if it already was: for a handler blocked in something other than this
     * channel (a console read). At most one action; never once {@link StreamHandler#run} has returned.
     */
    void onAbort(Runnable action);
}
