package io.hostbridge.api;

import java.util.Objects;

/**
 * Declares an event topic and the type of its payload. Declared as constants in {@code @ApiNamespace}
 * interfaces, so the schema lists every event next to the verbs of its namespace.
 *
 * @param name        dotted topic, e.g. {@code host.stats}
 * @param payloadType an {@code @ApiType} record
 * @param description what the event reports and when it is sent
 * @param since       API version that added it
 */
public record EventTopic<T>(String name, Class<T> payloadType, String description, String since) {
    public EventTopic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(payloadType, "payloadType");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(since, "since");
    }

    public static <T> EventTopic<T> of(String name, Class<T> payloadType, String description, String since) {
        return new EventTopic<>(name, payloadType, description, since);
    }
}
