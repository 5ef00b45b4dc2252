package io.hostbridge.bridge.internal;

import io.hostbridge.bridge.Call;
import io.hostbridge.bridge.CallStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per call on the {@value #LOGGER} logger, when it ends: binding, operation, outcome, duration, caller,
 * peer, flow id and error id. Never parameters or payloads, so no secret reaches it; operation names are
 * declared names or printable caller input, and image data requests are logged without their ticket.
 */
final class AccessLogStage implements CallStage {
    static final String LOGGER = "hostbridge.access";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    @Override
    public void enter(Call call) {
        // the line is written when the call ends
    }

    @Override
    public Throwable exit(Call call, Throwable failure) {
        if (LOG.isInfoEnabled()) {
            long micros = (System.nanoTime() - call.startNanos()) / 1000;
            String errorId = Outcome.errorId(failure);
            LOG.info("binding={} call={} outcome={} ms={} caller={} remote={} flow={}{}", call.transport().binding(),
                    call.operation(), Outcome.of(failure), millis(micros),
                    call.caller() == null ? "-" : call.caller().principal(), call.transport().remote(),
                    call.flowId(), errorId == null ? "" : " error=" + errorId);
        }
        return failure;
    }

    /** Microseconds as milliseconds with three decimals, e.g. {@code 0.312}. */
    static String millis(long micros) {
        String fraction = Long.toString(1000 + micros % 1000).substring(1);
        return micros / 1000 + "." + fraction;
    }
}
