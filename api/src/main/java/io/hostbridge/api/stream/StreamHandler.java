package io.hostbridge.api.stream;

/**
 * What the implementation of a stream verb returns: the work on the stream's data. The verb checks its parameters
 * and takes what it needs (a volume, a console) before it returns the handler, so that a refusal is the call's
 * error; the bridge then gives the caller a stream id and runs the handler on a thread of its own once a binding
 * has attached the caller's connection to the stream.
 *
 * <p>The bridge ends the stream from how {@link #run} ends: a normal return is success (an {@code IN} stream is
 * answered OK, an {@code OUT} stream gets its end of data and then OK); an exception is an ERROR packet to the
 * caller, with the message of a {@link io.hostbridge.api.BridgeException} or an error id for anything else.
 */
public interface StreamHandler {

    /**
     * Moves the data. For an {@code IN} stream, read until {@link StreamInput#isEnd()} (the caller's OK), make the
     * data durable, then return; the caller gets OK only after this returns.
     *
     * @throws StreamAbortedException when the caller aborted the stream or went away: clean up and return
     */
    void run(StreamChannel channel) throws Exception;

    /**
     * Releases what the verb took when the stream never runs (nobody attached in time, or the agent stops). Called
     * at most once, and never after {@link #run} started.
     */
    default void discard() {
    }
}
