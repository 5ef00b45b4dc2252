package io.hostbridge.bridge;

import io.hostbridge.api.AccessLevel;
import java.util.Objects;

/**
 * Who a caller is, as an {@link Authenticator} decided from the transport.
 *
 * @param principal the caller's name for logs and audit (e.g. a certificate subject)
 * @param access    what the caller may do
 */
public record Caller(String principal, AccessLevel access) {
    public Caller {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(access, "access");
    }
}
