package io.hostbridge.binding.amqp;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

public final class ProbeService implements ProbeApi {
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    private final Semaphore entered = new Semaphore(0);

    @Override
    public String echo(String text) {
        return text;
    }

    @Override
    public long touch(String key) {
        return counter(key).incrementAndGet();
    }

    @Override
    public long hold(String key) {
        long n = counter(key).incrementAndGet();
        entered.release();
        try {
            if (!gate(key).await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate " + key + " never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return n;
    }

    long calls(String key) {
        return counter(key).get();
    }

    void open(String key) {
        gate(key).countDown();
    }

    /** Waits until {@code n} more calls of {@link #hold} are running. */
    void awaitEntered(int n, Duration timeout) throws InterruptedException {
        if (!entered.tryAcquire(n, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(n + " held calls expected within " + timeout);
        }
    }

    private AtomicLong counter(String key) {
        return calls.computeIfAbsent(key, k -> new AtomicLong());
    }

    private CountDownLatch gate(String key) {
        return gates.computeIfAbsent(key, k -> new CountDownLatch(1));
    }
}
