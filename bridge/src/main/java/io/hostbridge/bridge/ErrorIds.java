package io.hostbridge.bridge;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.transfer.TransferException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures get error ids: the details go to the log under a fresh id and only the id goes to
 * the caller. The pipeline's error-id stage uses it for every call; work that runs outside a call (jobs, health
 * checks, a protocol's own catch-all) uses it too, so every error id in the log looks the same.
 */
public final class ErrorIds {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorIds.class);

    private ErrorIds() {
    }

    /**
     * What {@code failure} looks like to a caller: an expected failure as it is; a failure whose cause must stay
     * in the agent ({@link BridgeException#failure}, {@link TransferException#failed}) with its cause logged under
     * an id; anything else as {@link io.hostbridge.api.ErrorCode#GENERAL} with the id. A JVM failure (out of
     * memory) is rethrown: nothing sensible can be answered.
     *
     * @param what the failed work, for the log line, e.g. {@code VM.create (rest, flow …)}
     */
    public static RuntimeException resolve(Throwable failure, String what) {
        if (failure instanceof BridgeException b) {
            if (!b.needsErrorId()) {
                return b;
            }
            String id = newId();
            LOG.warn("error id {}: {} failed: {}", id, what, b.getMessage(), b.getCause());
            return b.withErrorId(id);
        }
        if (failure instanceof TransferException t) {
            if (!t.needsErrorId()) {
                return t;
            }
            String id = newId();
            LOG.warn("error id {}: {} failed", id, what, t.getCause());
            return t.withErrorId(id);
        }
        if (failure instanceof VirtualMachineError fatal && !(failure instanceof StackOverflowError)) {
            throw fatal;
        }
        return BridgeException.internal(record(what, failure), failure);
    }

    /** Logs an unexpected failure of {@code what} under a fresh id and returns the id. */
    public static String record(String what, Throwable failure) {
        String id = newId();
        LOG.error("error id {}: {} failed", id, what, failure);
        return id;
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
