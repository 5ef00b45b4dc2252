package io.hostbridge.events;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A subscription with a bounded queue and at most one pending overflow gap.
 *
 * <p>Locking: the queue, the pending gap and the closed flag are guarded by {@link #lock}. The queue and the
 * pending gap must change together (deciding "enqueue the gap, then the event" versus "hand the gap to an
 * idle consumer" is one decision), which is why this is a lock plus a plain deque rather than a concurrent
 * queue. Both sides hold the lock only for O(1) work and never wait while holding it except in
 * {@link Condition#awaitNanos}, which releases it; so a publisher is never held up by a slow consumer.
 * Publishers call {@link #offer} while holding the bus lock, so the order is always bus lock, then this
 * lock; nothing here calls back into the bus while holding this lock.
 */
final class QueueSubscription implements Subscription {

    private final TopicFilter filter;
    private final int capacity;
    private final Consumer<QueueSubscription> onClose;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Delivery> queue;
    private long gapFrom;
    private long gapTo;
    private long gapDropped; // 0: no gap pending
    private volatile boolean closed;

    QueueSubscription(TopicFilter filter, int capacity, Consumer<QueueSubscription> onClose) {
        this.filter = filter;
        this.capacity = capacity;
        this.onClose = onClose;
        this.queue = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    TopicFilter filter() {
        return filter;
    }

    /** Queues an event that matched, or counts it into the pending gap when there is no room. */
    void offer(Event event) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (gapDropped > 0) {
                if (capacity - queue.size() < 2) {
                    gapTo = event.seq();
                    gapDropped++;
                    return;
                }
                queue.add(takeGap());
            } else if (queue.size() == capacity) {
                gapFrom = event.seq();
                gapTo = event.seq();
                gapDropped = 1;
                return;
            }
            queue.add(new Delivery.Published(event));
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Queues a gap ahead of everything else; only used on a fresh, empty subscription. */
    void offerFirst(Delivery.Gap gap) {
        lock.lock();
        try {
            queue.add(gap);
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Delivery> poll(Duration timeout) throws InterruptedException {
        long nanos = toNanos(Objects.requireNonNull(timeout, "timeout"));
        lock.lockInterruptibly();
        try {
            while (!closed) {
                Delivery next = queue.poll();
                if (next != null) {
                    return Optional.of(next);
                }
                if (gapDropped > 0) {
                    // the queue is drained: report the loss now rather than waiting for the next publish,
                    // which may never come
                    return Optional.of(takeGap());
                }
                if (nanos <= 0) {
                    return Optional.empty();
                }
                nanos = changed.awaitNanos(nanos);
            }
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
            gapDropped = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        onClose.accept(this); // outside our lock: the bus takes its own lock to forget us
    }

    private Delivery.Gap takeGap() {
        Delivery.Gap gap = new Delivery.Gap(gapFrom, gapTo, Delivery.Reason.OVERFLOW, gapDropped);
        gapDropped = 0;
        return gap;
    }

    private static long toNanos(Duration timeout) {
        if (timeout.isNegative()) {
            return 0;
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
