package io.hostbridge.trust;

import io.hostbridge.api.AccessLevel;

/**
 * Who may use the local unix socket besides root: the members of {@code group} (null for nobody else), with
 * {@code groupAccess}.
 */
public record UnixAccess(String group, AccessLevel groupAccess) {
    public UnixAccess {
        if (groupAccess == null) {
            groupAccess = AccessLevel.NONE;
        }
    }
}
