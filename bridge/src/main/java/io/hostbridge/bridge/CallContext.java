package io.hostbridge.bridge;

import io.hostbridge.api.AccessLevel;
import java.util.Objects;

/**
 * Who is calling and through what, once the call pipeline's identity and flow-id stages have run.
 *
 * @param principal identity of the caller, as the {@link Authenticator} decided it
 * @param access    the caller's access level
 * @param binding   the binding that decoded the call, e.g. {@code rest}, {@code xmlrpc}, {@code amqp}
 * @param remote    the peer address as the binding sees it, for logs
 * @param flowId    correlation id for logs (VDSM's {@code FlowID}): the caller's, or a fresh one
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
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(flowId, "flowId");
    }
}
