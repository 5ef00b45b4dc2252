package io.hostbridge.bridge;

import io.hostbridge.api.AccessLevel;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Who is calling and through what: carried from the binding into the bridge with every call, so access
 * checks and audit live in the bridge.
 *
 * @param principal identity of the caller as the binding authenticated it ("anonymous" until TLS lands)
 * @param access    the caller's access level
 * @param binding   the binding that decoded the call, e.g. {@code rest}, {@code xmlrpc}, {@code amqp}
 * @param remote    the peer address as the binding sees it, for logs
 * @param flowId    correlation id for logs (VDSM's {@code FlowID}); generated when the caller sent none, or one
 *                  that is not fit for a log line (longer than {@value #MAX_FLOW_ID}, or other than printable
 *                  ASCII without spaces)
 */
public record CallContext(String principal, AccessLevel access, String binding, String remote, String flowId) {
    /** Name of the caller's correlation id in every protocol: VDSM's HTTP header, an AMQP message property. */
    public static final String FLOW_ID = "FlowID";
    /** Longest caller-sent flow id kept. */
    public static final int MAX_FLOW_ID = 128;

    public CallContext {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(binding, "binding");
        remote = remote == null ? "" : remote;
        // not ours to log: a fresh id replaces anything odd the caller sent
        flowId = flowId == null || flowId.isBlank() || !loggable(flowId) ? newFlowId() : flowId;
    }

    private static boolean loggable(String flowId) {
        return flowId.length() <= MAX_FLOW_ID && flowId.chars().allMatch(c -> c > 32 && c < 127);
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

    /**
     * Context for a caller of a binding before authentication exists: every caller is an admin until the
     * security work lands (see the roadmap in DESIGN.md).
     */
    public static CallContext unauthenticated(String binding, String remote, String flowId) {
        return new CallContext("anonymous", AccessLevel.ADMIN, binding, remote, flowId);
    }
}
