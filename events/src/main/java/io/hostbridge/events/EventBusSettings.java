package io.hostbridge.events;

/**
 * Sizing of an event bus.
 *
 * @param replayWindow         how many of the latest events are kept for resuming subscribers (>= 1)
 * @param defaultQueueCapacity queue capacity for subscribers that do not ask for one (>= 2)
 * @param maxQueueCapacity     largest queue capacity a subscriber may ask for (>= defaultQueueCapacity)
 */
public record EventBusSettings(int replayWindow, int defaultQueueCapacity, int maxQueueCapacity) {

    public static final int DEFAULT_REPLAY_WINDOW = 10_000;
    public static final int DEFAULT_QUEUE_CAPACITY = 1_000;
    public static final int DEFAULT_MAX_QUEUE_CAPACITY = 100_000;

    public EventBusSettings {
        if (replayWindow < 1) {
            throw new IllegalArgumentException("replayWindow must be at least 1, got " + replayWindow);
        }
        if (defaultQueueCapacity < 2) {
            // a gap and the event after it must fit together, see SubscriptionSpec
            throw new IllegalArgumentException("defaultQueueCapacity must be at least 2, got " + defaultQueueCapacity);
        }
        if (maxQueueCapacity < defaultQueueCapacity) {
            throw new IllegalArgumentException("maxQueueCapacity must be at least defaultQueueCapacity ("
                    + defaultQueueCapacity + "), got " + maxQueueCapacity);
        }
    }

    /** Replay window 10,000 events; queues of 1,000 by default and at most 100,000. */
    public static EventBusSettings defaults() {
        return new EventBusSettings(DEFAULT_REPLAY_WINDOW, DEFAULT_QUEUE_CAPACITY, DEFAULT_MAX_QUEUE_CAPACITY);
    }

    /** A copy with another replay window. */
    public EventBusSettings withReplayWindow(int events) {
        return new EventBusSettings(events, defaultQueueCapacity, maxQueueCapacity);
    }

    /** A copy with other queue capacities. */
    public EventBusSettings withQueueCapacities(int defaultCapacity, int maxCapacity) {
        return new EventBusSettings(replayWindow, defaultCapacity, maxCapacity);
    }
}
