package io.hostbridge.api;

import java.util.Objects;

/**
 * A failed call: a stable {@link ErrorCode} plus a message that is safe to send to the caller.
 *
 * <p>Messages never carry internals (stack traces, host paths); an unexpected failure is logged under
 * {@link #errorId()} and only that id is sent.
 */
public final class BridgeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode error;
    private final String parameter;
    private final String errorId;

    private BridgeException(ErrorCode error, String message, String parameter, String errorId, Throwable cause) {
        super(message, cause, false, cause != null);
        this.error = Objects.requireNonNull(error, "error");
        this.parameter = parameter;
        this.errorId = errorId;
    }

    /** An error with a caller-safe message. */
    public static BridgeException of(ErrorCode error, String message) {
        return new BridgeException(error, message, null, null, null);
    }

    /** An error about one parameter (or one field inside it, as a dotted path). */
    public static BridgeException forParameter(ErrorCode error, String parameter, String message) {
        return new BridgeException(error, message, parameter, null, null);
    }

    /** An unexpected failure, logged under {@code errorId}; the caller gets only the id. */
    public static BridgeException internal(String errorId, Throwable cause) {
        return new BridgeException(ErrorCode.GENERAL,
                "Internal error; the agent's log has the details under error id " + errorId, null, errorId, cause);
    }

    /**
     * A failure with a known code whose cause holds details the caller must not see (an I/O error naming host
     * paths, a library's message): the call pipeline logs {@code cause} under an error id and adds the id to
     * {@code message}. Code that runs outside a call (a job) does the same through the runtime's error ids.
     */
    public static BridgeException failure(ErrorCode error, String message, Throwable cause) {
        return new BridgeException(error, message, null, null, java.util.Objects.requireNonNull(cause, "cause"));
    }

    /** True for a {@link #failure} whose cause has not been logged under an error id yet. */
    public boolean needsErrorId() {
        return errorId == null && getCause() != null;
    }

    /** This failure once its cause is logged under {@code id}: same code, the id added to the message. */
    public BridgeException withErrorId(String id) {
        return new BridgeException(error, getMessage() + "; the agent's log has the details under error id " + id,
                parameter, id, getCause());
    }

    public ErrorCode error() {
        return error;
    }

    /** The numeric code, shortcut for {@code error().code()}. */
    public int code() {
        return error.code();
    }

    /** Dotted path of the offending parameter, or null. */
    public String parameter() {
        return parameter;
    }

    /** Id under which the full failure was logged, or null for expected errors. */
    public String errorId() {
        return errorId;
    }
}
