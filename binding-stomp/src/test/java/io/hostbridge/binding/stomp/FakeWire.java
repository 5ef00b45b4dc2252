package io.hostbridge.binding.stomp;

import io.hostbridge.bridge.Peer;
import io.hostbridge.bridge.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A connection for a session under test: what the agent writes is decoded into frames the test takes in order,
 * while the client "reads"; otherwise it stays pending (a client that stopped reading). Its end is a frame
 * {@code EOF}.
 */
final class FakeWire implements Wire {
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final FrameDecoder decoder = new FrameDecoder(64 * 1024, 64 * 1024 * 1024);
    private final List<byte[]> unread = new ArrayList<>();
    private boolean reading = true;
    private long pending;
    private long pendingPackets;
    private boolean closed;
    private boolean paused;
    private int pauses;

    @Override
    public synchronized void write(byte[] bytes, boolean thenClose) {
        queue(bytes, false);
        if (thenClose) {
            close();
        }
    }

    @Override
    public synchronized void writePacket(byte[] frame) {
        queue(frame, true);
    }

    private void queue(byte[] bytes, boolean packet) {
        if (closed) {
            return;
        }
        if (reading) {
            take(bytes);
            return;
        }
        unread.add(bytes);
        pending += bytes.length;
        pendingPackets += packet ? bytes.length : 0;
    }

    private void take(byte[] bytes) {
        try {
            frames.addAll(decoder.feed(bytes, 0, bytes.length));
        } catch (StompException e) {
            throw new AssertionError("the agent wrote a malformed frame: " + e.getMessage());
        }
    }

    /** The client stops reading, or reads again (what waited is taken). */
    synchronized void reading(boolean on) {
        reading = on;
        if (on) {
            unread.forEach(this::take);
            unread.clear();
            pending = 0;
            pendingPackets = 0;
            notifyAll();
        }
    }

    @Override
    public synchronized void pauseReading() {
        paused = true;
        pauses++;
    }

    @Override
    public synchronized void resumeReading() {
        paused = false;
    }

    /** Whether the agent reads the connection now, and how often it stopped. */
    synchronized boolean paused() {
        return paused;
    }

    synchronized int pauses() {
        return pauses;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            frames.add(new Frame("EOF", Map.of(), Frame.NO_BODY));
            notifyAll();
        }
    }

    synchronized boolean closed() {
        return closed;
    }

    @Override
    public synchronized long pendingBytes() {
        return pending;
    }

    @Override
    public synchronized long pendingPacketBytes() {
        return pendingPackets;
    }

    @Override
    public synchronized boolean awaitPendingAtMost(long bytes, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (pending > bytes) {
            long left = deadline - System.nanoTime();
            if (closed || left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return !closed;
    }

    @Override
    public Transport transport(String flowId) {
        return Transport.of("stomp", "test", flowId, Peer.INSECURE);
    }

    @Override
    public String remote() {
        return "test";
    }

    /** The next frame the agent wrote (heart-beats are not frames here). */
    Frame next(Duration timeout) throws InterruptedException {
        Frame frame = frames.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (frame == null) {
            throw new AssertionError("no frame from the agent within " + timeout);
        }
        return frame;
    }

    /** A frame if one comes within {@code timeout}, else null. */
    Frame poll(Duration timeout) throws InterruptedException {
        return frames.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
