package io.hostbridge.nbd;

import java.io.IOException;

/** An NBD failure: a server error reply, a protocol violation, or a lost connection. */
public final class NbdException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int error;

    NbdException(String message) {
        this(message, 0);
    }

    NbdException(String message, int error) {
        super(message);
        this.error = error;
    }

    /** The NBD error value the server replied with (an errno such as 5 for EIO), 0 when not a server error. */
    public int error() {
        return error;
    }
}
