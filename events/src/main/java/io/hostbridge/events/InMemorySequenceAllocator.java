package io.hostbridge.events;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Sequence numbers counted in memory: they restart after a restart, so resume points taken before it become
 * meaningless (the bus then reports an {@link Delivery.Reason#EXPIRED} gap, see {@link EventBus#subscribe}).
 */
public final class InMemorySequenceAllocator implements SequenceAllocator {

    // atomic although the bus calls it under its lock: cheap, and safe for other callers
    private final AtomicLong last;

    /** Numbers 1, 2, 3, … */
    public InMemorySequenceAllocator() {
        this(0);
    }

    /** Numbers {@code startAfter + 1}, {@code startAfter + 2}, … */
    public InMemorySequenceAllocator(long startAfter) {
        this.last = new AtomicLong(startAfter);
    }

    @Override
    public long next() {
        return last.incrementAndGet();
    }

    @Override
    public long last() {
        return last.get();
    }
}
