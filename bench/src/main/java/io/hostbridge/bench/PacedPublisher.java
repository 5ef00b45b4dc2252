package io.hostbridge.bench;

import io.hostbridge.events.EventBus;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The publishing side of the event fan-out benchmarks (AMQP, STOMP, SSE): events go on the bus as fast as the
 * slowest subscriber takes them, never more than {@link #IN_FLIGHT} ahead of it (under the bus's per-subscriber
 * queue, so nothing should be dropped); then it waits until no subscriber has received anything for 2 s.
 */
final class PacedPublisher {
    static final int IN_FLIGHT = 500;

    /** What one run published, and when it started and stopped publishing. */
    record Run(long published, long start, long publishNanos) {
    }

    private PacedPublisher() {
    }

    /**
     * @param received each subscriber's count of events received
     * @param lastAt   each subscriber's {@link System#nanoTime()} of its last event
     * @param key      the payload's key, whose value is the event's number
     */
    static Run publish(EventBus bus, String topic, String subject, String key, long runNanos, AtomicLong[] received,
                       AtomicLong[] lastAt) throws InterruptedException {
        long published = 0;
        long start = System.nanoTime();
        long end = start + runNanos;
        while (System.nanoTime() < end) {
            if (published - minimum(received) >= IN_FLIGHT) {
                Thread.onSpinWait();
                continue;
            }
            bus.publish(topic, subject, Map.of(key, published));
            published++;
        }
        long publishNanos = System.nanoTime() - start;
        while (System.nanoTime() - newest(lastAt) < 2_000_000_000L) {
            Thread.sleep(100);
        }
        return new Run(published, start, publishNanos);
    }

    static long minimum(AtomicLong[] values) {
        long min = Long.MAX_VALUE;
        for (AtomicLong v : values) {
            min = Math.min(min, v.get());
        }
        return min;
    }

    static long newest(AtomicLong[] values) {
        long max = 0;
        for (AtomicLong v : values) {
            max = Math.max(max, v.get());
        }
        return max;
    }
}
