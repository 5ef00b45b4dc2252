package io.hostbridge.binding.stomp;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's stream packets on their way to their streams, handed on in order by one task at a time on a pool,
 * so that the listener's selector thread, which reads many connections, never waits for a stream. While more than
 * {@link #LIMIT} bytes wait, the connection is not read (its client's further frames wait in its socket); reading
 * resumes once half of that is left.
 */
final class PacketInbox {
    /** Bytes of packets waiting beyond which the connection is not read. */
    static final long LIMIT = 1024 * 1024;
    /** What a packet without data counts, so that a flood of them is bounded too. */
    private static final int PACKET_COST = 64;
    private static final Logger LOG = LoggerFactory.getLogger(PacketInbox.class);

    private final Wire wire;
    private final Executor threads;
    private final Consumer<Frame> handler;
    private final Runnable resumed;
    private final ArrayDeque<Frame> waiting = new ArrayDeque<>();
    private long bytes;
    private boolean draining;
    private boolean paused;
    private boolean closed;

    /**
     * @param handler gets each packet, in order, on one of {@code threads}; it may wait
     * @param resumed runs when the connection is read again
     */
    PacketInbox(Wire wire, Executor threads, Consumer<Frame> handler, Runnable resumed) {
        this.wire = wire;
        this.threads = threads;
        this.handler = handler;
        this.resumed = resumed;
    }

    /** A packet from the read path: queued, and the connection's reading paused when too much waits. */
    void add(Frame frame) {
        boolean start;
        synchronized (this) {
            if (closed) {
                return;
            }
            waiting.add(frame);
            bytes += cost(frame);
            if (!paused && bytes > LIMIT) {
                paused = true;
                wire.pauseReading();
            }
            start = !draining;
            draining = true;
        }
        if (start) {
            try {
                threads.execute(this::drain);
            } catch (RejectedExecutionException e) {
                wire.close(); // the agent is stopping
            }
        }
    }

    /** Whether the connection is not read now because packets wait. */
    synchronized boolean holdsReads() {
        return paused;
    }

    /** The connection is gone: what waits is dropped. */
    synchronized void close() {
        closed = true;
        waiting.clear();
        bytes = 0;
    }

    private static long cost(Frame frame) {
        return frame.body().length + PACKET_COST;
    }

    private void drain() {
        while (true) {
            Frame frame;
            synchronized (this) {
                frame = waiting.poll();
                if (frame == null) {
                    draining = false;
                    return;
                }
            }
            try {
                handler.accept(frame);
            } catch (RuntimeException e) {
                LOG.warn("STOMP stream packet from {} not handled: {}", wire.remote(), e.toString());
            }
            synchronized (this) {
                bytes -= cost(frame);
                if (paused && !closed && bytes <= LIMIT / 2) {
                    paused = false;
                    resumed.run();
                    wire.resumeReading();
                }
            }
        }
    }
}
