package io.hostbridge.api;

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
 * @param flowId    correlation id for logs (VDSM's {@code FlowID}); generated when the caller sent none
 */
public record CallContext(String principal, AccessLevel access, String binding, String remote, String flowId) {
    public CallContext {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(binding, "binding");
        remote = remote == null ? "" : remote;
        flowId = flowId == null || flowId.isBlank() ? newFlowId() : flowId;
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
