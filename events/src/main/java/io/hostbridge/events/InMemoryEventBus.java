package io.hostbridge.events;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The event bus of one host, in memory: a replay window of the latest events and one bounded queue per
 * subscriber.
 *
 * <p>Locking: one bus lock guards the sequence allocator, the replay window and the subscriber list.
 * {@link #publish} holds it to number, store and fan out an event, so sequence order, window order and
 * queue order are the same; {@link #subscribe} holds it to replay and join, so a resuming subscriber sees
 * every event exactly once whether it came from the window or live. Fan-out only appends to each
 * subscriber's queue under that subscriber's own short lock (bus lock first, then subscription lock, never
 * the other way round), so no subscriber can hold up a publisher. Replay and resume scan the window under
 * the bus lock (a binary search, then at most the window), so a large replay briefly delays publishers: the
 * price of a hand-over from replay to live with nothing missed or repeated.
 */
public final class InMemoryEventBus implements EventBus {

    private final String hostId;
    private final EventBusSettings settings;
    private final SequenceAllocator sequences;
    private final Clock clock;
    private final long base;

    private final ReentrantLock lock = new ReentrantLock();
    private final EventRing window;
    private final List<QueueSubscription> subscribers = new ArrayList<>();
    private volatile long lastSeq;

    /**
     * @param hostId    id of the host, stamped on every event
     * @param sequences numbers the events; its {@link SequenceAllocator#last()} at construction is this bus's
     *                  starting point: nothing at or before it can be replayed
     * @param clock     stamps the events' time
     */
    public InMemoryEventBus(String hostId, EventBusSettings settings, SequenceAllocator sequences, Clock clock) {
        if (Objects.requireNonNull(hostId, "hostId").isBlank()) {
            throw new IllegalArgumentException("hostId must not be blank");
        }
        this.hostId = hostId;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sequences = Objects.requireNonNull(sequences, "sequences");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.base = sequences.last();
        this.lastSeq = base;
        this.window = new EventRing(settings.replayWindow(), base);
    }

    @Override
    public String hostId() {
        return hostId;
    }

    @Override
    public Event publish(String topic, String subject, Object payload) {
        // validate before taking a number, so a bad call leaves no hole in the sequence
        Topics.requireValidTopic(topic);
        Objects.requireNonNull(subject, "subject");
        lock.lock();
        try {
            long seq = sequences.next();
            if (seq <= lastSeq) {
                throw new IllegalStateException("sequence allocator went backwards: " + seq + " after " + lastSeq);
            }
            Event event = new Event(topic, subject, hostId, seq, clock.instant(), payload);
            window.add(event);
            lastSeq = seq;
            for (QueueSubscription subscriber : subscribers) {
                if (subscriber.filter().matches(topic)) {
                    subscriber.offer(event);
                }
            }
            return event;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Subscription subscribe(SubscriptionSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.queueCapacity() > settings.maxQueueCapacity()) {
            throw new IllegalArgumentException("queueCapacity must be at most " + settings.maxQueueCapacity()
                    + ", got " + spec.queueCapacity());
        }
        QueueSubscription subscription = new QueueSubscription(spec.filter(), spec.queueCapacity(), this::forget);
        lock.lock();
        try {
            if (spec.afterSeq().isPresent()) {
                long after = resumePoint(spec.afterSeq().getAsLong());
                expiredGap(after).ifPresent(subscription::offerFirst);
                for (int i = window.firstAfter(after); i < window.size(); i++) {
                    Event event = window.get(i);
                    if (spec.filter().matches(event.topic())) {
                        subscription.offer(event);
                    }
                }
            }
            subscribers.add(subscription);
        } finally {
            lock.unlock();
        }
        return subscription;
    }

    @Override
    public Replay replay(TopicFilter filter, long afterSeq, int limit) {
        Objects.requireNonNull(filter, "filter");
        if (limit < 1 || limit > MAX_REPLAY_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_REPLAY_LIMIT + ", got " + limit);
        }
        lock.lock();
        try {
            long after = resumePoint(afterSeq);
            List<Event> events = new ArrayList<>(Math.min(limit, window.size()));
            boolean more = false;
            for (int i = window.firstAfter(after); i < window.size() && !more; i++) {
                Event event = window.get(i);
                if (filter.matches(event.topic())) {
                    more = events.size() == limit;
                    if (!more) {
                        events.add(event);
                    }
                }
            }
            return new Replay(expiredGap(after), events, lastSeq, more);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long lastSeq() {
        return lastSeq;
    }

    @Override
    public int subscriberCount() {
        lock.lock();
        try {
            return subscribers.size();
        } finally {
            lock.unlock();
        }
    }

    /** A point after {@link #lastSeq} is from another numbering: start from before this bus's first event. */
    private long resumePoint(long afterSeq) {
        return afterSeq > lastSeq ? base - 1 : afterSeq;
    }

    private Optional<Delivery.Gap> expiredGap(long after) {
        long lostUpTo = window.lostUpTo();
        return after < lostUpTo
                ? Optional.of(new Delivery.Gap(after + 1, lostUpTo, Delivery.Reason.EXPIRED, -1))
                : Optional.empty();
    }

    private void forget(QueueSubscription subscription) {
        lock.lock();
        try {
            subscribers.remove(subscription);
        } finally {
            lock.unlock();
        }
    }
}
