package io.hostbridge.bridge.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A caller's end of streams, in memory, for tests: offered as a call's {@link StreamPorts}, it takes the stream the
 * call opens, numbers the caller's packets and collects the agent's.
 */
public final class MemoryStreamClient implements StreamPorts {
    private final BlockingQueue<StreamPacket> received = new LinkedBlockingQueue<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile AttachedStream stream;
    private long seq;

    @Override
    public StreamPort attach(AttachedStream attached) {
        this.stream = attached;
        return new StreamPort() {
            @Override
            public void send(StreamPacket packet) throws IOException {
                received.add(packet);
            }

            @Override
            public void closed() {
                closed.countDown();
            }
        };
    }

    /** The stream the call opened (null before). */
    public AttachedStream stream() {
        return stream;
    }

    public void data(byte[] bytes) {
        stream.receive(StreamPacket.data(seq++, ByteBuffer.wrap(bytes)));
    }

    public void hole(long length) {
        stream.receive(StreamPacket.hole(seq++, length));
    }

    public void ok() {
        stream.receive(StreamPacket.ok(seq++));
    }

    public void error(String message) {
        stream.receive(StreamPacket.error(seq++, 0, message));
    }

    /** The agent's next packet, or an AssertionError after {@code timeout}. */
    public StreamPacket next(Duration timeout) throws InterruptedException {
        StreamPacket p = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (p == null) {
            throw new AssertionError("no packet from the agent within " + timeout);
        }
        return p;
    }

    /** True once the stream has ended (the port was closed) within {@code timeout}. */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
