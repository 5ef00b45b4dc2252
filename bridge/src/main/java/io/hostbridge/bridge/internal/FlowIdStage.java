package io.hostbridge.bridge.internal;

import io.hostbridge.bridge.Call;
import io.hostbridge.bridge.CallContext;
import io.hostbridge.bridge.CallStage;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The call's correlation id: the caller's when it is fit for a log line (at most {@value CallContext#MAX_FLOW_ID}
 * printable ASCII characters, no spaces), otherwise a fresh one.
 */
final class FlowIdStage implements CallStage {

    @Override
    public void enter(Call call) {
        String sent = call.transport().flowId();
        call.flowId(sent != null && loggable(sent) ? sent : newFlowId());
    }

    static boolean loggable(String flowId) {
        return !flowId.isEmpty() && flowId.length() <= CallContext.MAX_FLOW_ID
                && flowId.chars().allMatch(c -> c > 32 && c < 127);
    }

    /**
     * A random id for log correlation. Not a secret, so no SecureRandom: UUID.randomUUID() shares one
     * synchronized generator across threads and showed up under load.
     */
    static String newFlowId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L; // version 4
        long low = random.nextLong() & ~(0xC000L << 48) | (0x8000L << 48); // IETF variant
        return new UUID(high, low).toString();
    }
}
