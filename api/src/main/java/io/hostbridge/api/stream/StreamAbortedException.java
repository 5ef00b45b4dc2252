package io.hostbridge.api.stream;

import java.io.IOException;

/** The stream ended under its handler: the caller sent ERROR, went away, or the agent is stopping. */
public final class StreamAbortedException extends IOException {
    private static final long serialVersionUID = 1L;

    public StreamAbortedException(String message) {
        super(message);
    }
}
