package io.hostbridge.binding.stomp;

import io.hostbridge.bridge.Peer;
import io.hostbridge.bridge.Transport;
import io.hostbridge.http.ConnectionCallers;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.IOEvent;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.nio.NIOConnection;

/**
 * A STOMP connection of the shared listener: writes go down the listener's filter chain (through TLS) in the order
 * they are made, one whole frame each; the peer is decided once, from the TLS client certificate or the unix
 * socket's credentials.
 */
final class GrizzlyWire implements Wire {
    private final Connection<?> connection;
    private final Peer peer;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong pendingPackets = new AtomicLong();
    /** Threads in {@link #awaitPendingAtMost}: a completed write wakes them only when there are any. */
    private final AtomicInteger waiting = new AtomicInteger();
    private final Object drained = new Object();
    private volatile boolean closed;

    GrizzlyWire(Connection<?> connection) {
        this.connection = connection;
        this.peer = ConnectionCallers.peer(connection);
    }

    @Override
    public void write(byte[] bytes, boolean thenClose) {
        write(bytes, thenClose, false);
    }

    @Override
    public void writePacket(byte[] frame) {
        write(frame, false, true);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void write(byte[] bytes, boolean thenClose, boolean packet) {
        int length = bytes.length;
        pending.addAndGet(length);
        if (packet) {
            pendingPackets.addAndGet(length);
        }
        synchronized (this) {
            ((Connection) connection).write(Buffers.wrap(connection.getMemoryManager(), bytes),
                    new EmptyCompletionHandler<WriteResult>() {
                        @Override
                        public void completed(WriteResult result) {
                            written(length, packet);
                            if (thenClose) {
                                connection.closeSilently();
                            }
                        }

                        @Override
                        public void failed(Throwable throwable) {
                            written(length, packet);
                            connection.terminateSilently();
                        }
                    });
        }
    }

    private void written(int length, boolean packet) {
        pending.addAndGet(-length);
        if (packet) {
            pendingPackets.addAndGet(-length);
        }
        if (waiting.get() > 0) {
            synchronized (drained) {
                drained.notifyAll();
            }
        }
    }

    @Override
    public void pauseReading() {
        interest(false);
    }

    @Override
    public void resumeReading() {
        interest(true);
    }

    private void interest(boolean read) {
        if (connection instanceof NIOConnection nio) {
            try {
                if (read) {
                    nio.enableIOEvent(IOEvent.READ);
                } else {
                    nio.disableIOEvent(IOEvent.READ);
                }
            } catch (IOException e) {
                connection.terminateSilently();
            }
        }
    }

    /** Abruptly: a graceful close would wait for the queued bytes, which a peer that does not read never takes. */
    @Override
    public void close() {
        closed = true;
        synchronized (drained) {
            drained.notifyAll();
        }
        connection.terminateSilently();
    }

    @Override
    public long pendingBytes() {
        return pending.get();
    }

    @Override
    public long pendingPacketBytes() {
        return pendingPackets.get();
    }

    @Override
    public boolean awaitPendingAtMost(long bytes, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        waiting.incrementAndGet();
        try {
            synchronized (drained) {
                while (pending.get() > bytes) {
                    long left = deadline - System.nanoTime();
                    if (closed || left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(drained, left);
                }
                return !closed;
            }
        } finally {
            waiting.decrementAndGet();
        }
    }

    @Override
    public Transport transport(String flowId) {
        return ConnectionCallers.of(connection, peer, "stomp", flowId);
    }

    @Override
    public String remote() {
        return transport(null).remote();
    }
}
