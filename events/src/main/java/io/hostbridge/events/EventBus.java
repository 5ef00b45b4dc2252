package io.hostbridge.events;

/**
 * The publish/subscribe bus of one host.
 *
 * <p>Publishing never blocks on subscribers: each subscriber has a bounded queue, and a subscriber that
 * falls behind loses events and is told so with a {@link Delivery.Gap}.
 *
 * <h2>Resuming</h2>
 * Let {@code start} be the bus's starting point (its allocator's {@link SequenceAllocator#last()} when the bus
 * was created: every number up to it belongs to an earlier run) and {@code lost} the last number that can no
 * longer be replayed: the newest event already evicted from the replay window, or {@code start} if none was
 * evicted yet. A subscriber that resumes after sequence number {@code p} (with
 * {@link SubscriptionSpec#afterSeq()}, or through {@link #replay}) gets, in this order:
 * <ol>
 *   <li>if {@code p < lost}: {@code Gap(p + 1, lost, EXPIRED, -1)}, because events it may not have seen are
 *       gone;</li>
 *   <li>the matching events still in the window with a number above {@code p};</li>
 *   <li>then live events (subscriptions only). None is missed or repeated between replay and live.</li>
 * </ol>
 * A point after {@link #lastSeq()} cannot belong to this bus's numbering: typically it was taken before a
 * restart that reset the counter. It is treated as {@code p = start - 1}, "before everything this bus has",
 * so the subscriber always gets {@code Gap(start, lost, EXPIRED, -1)} first — telling it to resync its state,
 * and whose {@link Delivery#seq()} is a valid resume point again — then the whole window, then live events.
 * A point not after {@code lastSeq()} is taken at face value: a bus whose numbers restart cannot tell an
 * earlier run's point from its own once it has published that far, so use a persistent
 * {@link SequenceAllocator} where that matters.
 */
public interface EventBus {

    /** Largest {@code limit} accepted by {@link #replay}. */
    int MAX_REPLAY_LIMIT = 10_000;

    /** Id of the host whose events this bus carries. */
    String hostId();

    /**
     * Publishes an event, assigning the next sequence number and the current time.
     *
     * @throws IllegalArgumentException when the topic is invalid (see {@link Topics}); no number is used
     */
    Event publish(String topic, String subject, Object payload);

    /**
     * Opens a subscription: live only, or resuming after {@link SubscriptionSpec#afterSeq()} as described
     * in the class documentation. Replayed events count against the queue capacity like live ones, so a
     * replay larger than the queue ends in an {@link Delivery.Reason#OVERFLOW} gap. Close it when done.
     *
     * @throws IllegalArgumentException when the queue capacity exceeds what the bus allows
     */
    Subscription subscribe(SubscriptionSpec spec);

    /**
     * Events after {@code afterSeq} still in the replay window, for callers that poll; the gap follows the
     * resume rule in the class documentation.
     *
     * @param limit at most this many events, 1 to {@link #MAX_REPLAY_LIMIT}
     * @throws IllegalArgumentException when {@code limit} is out of range
     */
    Replay replay(TopicFilter filter, long afterSeq, int limit);

    /** Sequence number of the last published event, or the value before the first one. */
    long lastSeq();

    /** How many subscriptions are open (for metrics). */
    int subscriberCount();
}
