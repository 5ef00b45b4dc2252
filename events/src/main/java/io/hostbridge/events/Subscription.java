package io.hostbridge.events;

import java.time.Duration;
import java.util.Optional;

/** A consumer's handle on the bus. Thread-safe for one consuming thread plus any closing thread. */
public interface Subscription extends AutoCloseable {

    /**
     * Next delivery, waiting up to {@code timeout}; empty on time-out or once closed.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    Optional<Delivery> poll(Duration timeout) throws InterruptedException;

    /** True once {@link #close()} was called. */
    boolean isClosed();

    /** Stops delivery and releases the queue; wakes a thread blocked in {@link #poll}. Idempotent. */
    @Override
    void close();
}
