package io.hostbridge.client;

import io.hostbridge.api.ErrorCode;
import java.util.Optional;

/**
 * A call the agent refused or that failed: the agent's stable numeric code, its message, and the parameter or error
 * id it named. {@link #error()} is the contract's {@link ErrorCode} when this client knows the code (a newer agent
 * may send one it does not), so callers can switch on it or on its {@link ErrorCode.Kind}.
 */
public class HostbridgeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final String parameter;
    private final String errorId;

    HostbridgeException(int code, String parameter, String message, String errorId, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.parameter = parameter;
        this.errorId = errorId;
    }

    /** The agent's error code (VDSM's numbers where VDSM has the case), or 0 for a failure of this client. */
    public int code() {
        return code;
    }

    /** The code as the contract names it, when this client knows it. */
    public Optional<ErrorCode> error() {
        for (ErrorCode e : ErrorCode.values()) {
            if (e.code() == code) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** What kind of failure: {@link ErrorCode.Kind#FAILED} for codes this client does not know. */
    public ErrorCode.Kind kind() {
        return error().map(ErrorCode::kind).orElse(ErrorCode.Kind.FAILED);
    }

    /** The parameter the agent named as wrong (a dotted path into it), if any. */
    public Optional<String> parameter() {
        return Optional.ofNullable(parameter);
    }

    /** The id under which the agent logged an unexpected failure, if any. */
    public Optional<String> errorId() {
        return Optional.ofNullable(errorId);
    }

    /** The agent could not be reached, or its answer could not be read. */
    static HostbridgeException transport(String message, Throwable cause) {
        return new HostbridgeException(0, null, message, null, cause);
    }
}
