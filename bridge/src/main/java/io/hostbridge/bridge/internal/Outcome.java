package io.hostbridge.bridge.internal;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.transfer.TransferException;
import java.util.Locale;

/** How a call ended, as the access log and the metrics name it: {@code ok}, an error code, or a transfer reason. */
final class Outcome {
    static final String OK = "ok";

    private Outcome() {
    }

    static String of(Throwable failure) {
        if (failure == null) {
            return OK;
        }
        if (failure instanceof BridgeException b) {
            return Integer.toString(b.code());
        }
        if (failure instanceof TransferException t) {
            return t.reason().name().toLowerCase(Locale.ROOT);
        }
        return "100"; // not resolved yet: the error-id stage reports it as general
    }

    /** The error id the failure carries, or null. */
    static String errorId(Throwable failure) {
        if (failure instanceof BridgeException b) {
            return b.errorId();
        }
        return failure instanceof TransferException t ? t.errorId() : null;
    }
}
