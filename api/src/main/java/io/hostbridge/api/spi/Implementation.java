package io.hostbridge.api.spi;

import java.util.Objects;

/**
 * Binds the implementation of one {@code @ApiNamespace} interface into the bridge. Core modules contribute one per
 * interface; the API the agent serves is made of the interfaces contributed, so a module left out leaves its verbs
 * out of the API and the schema.
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
