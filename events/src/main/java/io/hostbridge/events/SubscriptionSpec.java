package io.hostbridge.events;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * What to subscribe to.
 *
 * @param filter        which topics
 * @param afterSeq      resume after this sequence number (replaying from the window), or empty for live only
 * @param queueCapacity how many deliveries may wait for the consumer before it starts losing events (>= 2)
 */
public record SubscriptionSpec(TopicFilter filter, OptionalLong afterSeq, int queueCapacity) {
    public SubscriptionSpec {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(afterSeq, "afterSeq");
        if (queueCapacity < 2) {
            throw new IllegalArgumentException("queueCapacity must be at least 2, got " + queueCapacity);
        }
    }

    public static SubscriptionSpec live(TopicFilter filter, int queueCapacity) {
        return new SubscriptionSpec(filter, OptionalLong.empty(), queueCapacity);
    }

    public static SubscriptionSpec resume(TopicFilter filter, long afterSeq, int queueCapacity) {
        return new SubscriptionSpec(filter, OptionalLong.of(afterSeq), queueCapacity);
    }
}
