package io.hostbridge.binding.amqp;

import io.hostbridge.api.stream.StreamHandler;
import io.hostbridge.api.stream.StreamInput;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
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
    private final Map<String, Sink> sinks = new ConcurrentHashMap<>();

    /** What a sink received: its data (holes as zeros), and how its stream ended. */
    static final class Sink {
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        final CountDownLatch ended = new CountDownLatch(1);
        volatile long holes;
        volatile String outcome;
        /** While closed, the handler waits before taking each packet: a slow disk. */
        volatile CountDownLatch tap = new CountDownLatch(0);
    }

    @Override
    public StreamHandler sink(String key) {
        Sink sink = sinkOf(key);
        return channel -> {
            try {
                while (true) {
                    sink.tap.await();
                    StreamInput in = channel.receive();
                    if (in.isEnd()) {
                        sink.outcome = "ok";
                        return;
                    }
                    if (in.isHole()) {
                        sink.holes += in.length();
                        sink.data.write(new byte[(int) in.length()]);
                    } else {
                        ByteBuffer b = in.data();
                        byte[] bytes = new byte[b.remaining()];
                        b.get(bytes);
                        sink.data.write(bytes);
                    }
                }
            } catch (Exception e) {
                sink.outcome = "aborted: " + e.getMessage();
                throw e;
            } finally {
                sink.ended.countDown();
            }
        };
    }

    @Override
    public StreamHandler source(long bytes, long hole) {
        return channel -> {
            for (long sent = 0; sent < bytes; ) {
                int n = (int) Math.min(1 << 20, bytes - sent);
                channel.send(ByteBuffer.wrap(pattern(sent, n)));
                sent += n;
            }
            if (hole > 0) {
                channel.sendHole(hole);
            }
        };
    }

    /** The bytes {@link #source} sends from {@code offset}. */
    static byte[] pattern(long offset, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) ((offset + i) * 31 % 251);
        }
        return b;
    }

    Sink sinkOf(String key) {
        return sinks.computeIfAbsent(key, k -> new Sink());
    }

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
