package io.hostbridge.api.spi;

import java.util.Objects;

/**
 * Binds the implementation of one {@code @ApiNamespace} interface into the bridge. Core modules contribute
 * one per namespace; the bridge refuses to start when a declared namespace has none.
 */
public record Implementation(Class<?> api, Object target) {
    public Implementation {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(target, "target");
        if (!api.isInstance(target)) {
            throw new IllegalArgumentException(target.getClass() + " does not implement " + api);
        }
    }

    public static <T> Implementation of(Class<T> api, T target) {
        return new Implementation(api, target);
    }
}
