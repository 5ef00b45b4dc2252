package io.hostbridge.binding.stomp;

import io.hostbridge.bridge.Peer;
import io.hostbridge.bridge.Transport;
import io.hostbridge.http.ConnectionCallers;
import java.util.concurrent.atomic.AtomicLong;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.memory.Buffers;

/**
 * A STOMP connection of the shared listener: writes go down the listener's filter chain (through TLS) in the order
 * they are made, one whole frame each; the peer is decided once, from the TLS client certificate or the unix
 * socket's credentials.
 */
final class GrizzlyWire implements Wire {
    private final Connection<?> connection;
    private final Peer peer;
    private final AtomicLong pending = new AtomicLong();

    GrizzlyWire(Connection<?> connection) {
        this.connection = connection;
        this.peer = ConnectionCallers.peer(connection);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void write(byte[] bytes, boolean thenClose) {
        int length = bytes.length;
        pending.addAndGet(length);
        synchronized (this) {
            ((Connection) connection).write(Buffers.wrap(connection.getMemoryManager(), bytes),
                    new EmptyCompletionHandler<WriteResult>() {
                        @Override
                        public void completed(WriteResult result) {
                            pending.addAndGet(-length);
                            if (thenClose) {
                                connection.closeSilently();
                            }
                        }

                        @Override
                        public void failed(Throwable throwable) {
                            pending.addAndGet(-length);
                            connection.terminateSilently();
                        }
                    });
        }
    }

    /** Abruptly: a graceful close would wait for the queued bytes, which a peer that does not read never takes. */
    @Override
    public void close() {
        connection.terminateSilently();
    }

    @Override
    public long pendingBytes() {
        return pending.get();
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
