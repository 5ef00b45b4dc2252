package io.hostbridge.api.transfer;

import java.util.Objects;

/**
 * A refused or failed data operation of an image transfer. The {@link Reason} tells a binding what to
 * answer (the imageio protocol maps them to HTTP statuses); the message is safe to send to the client.
 */
public final class TransferException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Reason reason;
    private final long available;
    private final String errorId;

    private TransferException(Reason reason, String message, long available, Throwable cause) {
        this(reason, message, available, cause, null);
    }

    private TransferException(Reason reason, String message, long available, Throwable cause, String errorId) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.available = available;
        this.errorId = errorId;
    }

    /** Why an operation did not happen. */
    public enum Reason {
        /** Unknown, expired or canceled ticket, or an operation the ticket does not allow. */
        FORBIDDEN,
        /** Bad request: bad values or parameters. */
        INVALID,
        /** The thing asked for does not exist for this ticket (e.g. dirty extents without {@code dirty}). */
        NOT_FOUND,
        /** The range lies outside the image; {@link #available()} says how much there is. */
        RANGE,
        /** The request is larger than the agent takes (e.g. a PATCH body). */
        TOO_LARGE,
        /** A feature this agent cannot offer now (e.g. no checksum engine). */
        UNAVAILABLE,
        /** The operation failed (I/O error); the message carries an error id for the agent's log. */
        FAILED
    }

    public static TransferException of(Reason reason, String message) {
        return new TransferException(reason, message, -1, null);
    }

    /** A range outside the image, whose usable size is {@code available} bytes. */
    public static TransferException range(String message, long available) {
        return new TransferException(Reason.RANGE, message, available, null);
    }

    /**
     * An I/O failure whose details stay in the agent: the call pipeline logs {@code cause} under an error id and
     * sends the client only the id ({@link #withErrorId}).
     */
    public static TransferException failed(Throwable cause) {
        return new TransferException(Reason.FAILED, "Operation failed", -1,
                Objects.requireNonNull(cause, "cause"));
    }

    /** True for a {@link #failed} whose cause has not been logged under an error id yet. */
    public boolean needsErrorId() {
        return reason == Reason.FAILED && getCause() != null && errorId == null;
    }

    /** This failure once its cause is logged under {@code id}. */
    public TransferException withErrorId(String id) {
        return new TransferException(reason, getMessage() + "; the agent's log has the details under error id " + id,
                available, getCause(), id);
    }

    public Reason reason() {
        return reason;
    }

    /** Id under which the cause was logged, or null. */
    public String errorId() {
        return errorId;
    }

    /** For {@link Reason#RANGE}: the size of the image as far as this ticket reaches; otherwise -1. */
    public long available() {
        return available;
    }
}
