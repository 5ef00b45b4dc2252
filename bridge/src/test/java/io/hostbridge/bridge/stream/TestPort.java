package io.hostbridge.bridge.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A caller's connection as a binding would offer it: keeps every packet the stream sends (copied, as a binding
 * would write it out), and can fail from a given packet on, as a connection that is gone. With a capacity, a send
 * waits while that many packets are unread, and fails after a while, as for a caller that stopped reading.
 */
final class TestPort implements StreamPort {
    /** How long a send waits for a caller that does not read. */
    private static final long STALL_MS = 100;
    private final BlockingQueue<StreamPacket> unread;
    private final List<StreamPacket> sent = new ArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger closes = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile int failFrom = Integer.MAX_VALUE;
    private volatile boolean sentAfterClose;
    private volatile Consumer<StreamPacket> onSend = p -> { };

    TestPort() {
        this(Integer.MAX_VALUE);
    }

    TestPort(int capacity) {
        unread = new LinkedBlockingQueue<>(capacity);
    }

    /** Sends from the {@code n}th (from 0) on fail as on a connection that is gone. */
    void failFrom(int n) {
        failFrom = n;
    }

    /** Runs {@code hook} on each packet as it is sent, before the caller sees it: what a caller does on hearing it. */
    void onSend(Consumer<StreamPacket> hook) {
        onSend = hook;
    }

    @Override
    public void send(StreamPacket packet) throws IOException, InterruptedException {
        if (closes.get() > 0) {
            sentAfterClose = true;
        }
        if (attempts.getAndIncrement() >= failFrom) {
            throw new IOException("connection reset by peer");
        }
        ByteBuffer copy = ByteBuffer.allocate(packet.size()).put(packet.data().duplicate()).flip();
        StreamPacket kept = new StreamPacket(packet.status(), packet.seq(), copy, packet.holeLength(), packet.code(),
                packet.message());
        onSend.accept(kept);
        if (!unread.offer(kept, STALL_MS, TimeUnit.MILLISECONDS)) {
            throw new IOException("the caller stopped reading");
        }
        synchronized (sent) {
            sent.add(kept);
        }
    }

    @Override
    public void closed() {
        closes.incrementAndGet();
        closed.countDown();
    }

    /** The next packet the stream sent; fails when none comes in time. */
    StreamPacket next() throws InterruptedException {
        StreamPacket p = unread.poll(StreamFixture.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (p == null) {
            throw new AssertionError("no packet within " + StreamFixture.WAIT + "; sent so far: " + sent());
        }
        return p;
    }

    /** Waits until the stream ended (its port closed). */
    void awaitClosed() throws InterruptedException {
        if (!closed.await(StreamFixture.WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the stream did not end within " + StreamFixture.WAIT + "; sent: " + sent());
        }
    }

    boolean isClosed() {
        return closed.getCount() == 0;
    }

    /** Packets sent and not taken by {@link #next} yet. */
    List<StreamPacket> unread() {
        return List.copyOf(unread);
    }

    List<StreamPacket> sent() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    /** Calls of {@link #send}, failed ones included. */
    int attempts() {
        return attempts.get();
    }

    int closes() {
        return closes.get();
    }

    boolean sentAfterClose() {
        return sentAfterClose;
    }
}
