package io.hostbridge.bridge.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * A caller's end of streams, in memory, for tests: offered as a call's {@link StreamPorts}, it takes the stream the
 * call opens, numbers the caller's packets and collects the agent's (checking that the agent numbers its own from 0
 * and sends nothing after the stream ended, as a binding's client would notice).
 */
public final class MemoryStreamClient implements StreamPorts {
    private final BlockingDeque<StreamPacket> received = new LinkedBlockingDeque<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final ByteArrayOutputStream text = new ByteArrayOutputStream();
    private volatile AttachedStream stream;
    private volatile boolean gone;
    private volatile String wrong;
    private long seq;
    private long agentSeq;

    @Override
    public StreamPort attach(AttachedStream attached) {
        this.stream = attached;
        return new StreamPort() {
            @Override
            public void send(StreamPacket packet) throws IOException {
                if (gone) {
                    throw new IOException("the caller's connection is gone");
                }
                if (closed.getCount() == 0 || packet.seq() != agentSeq++) {
                    wrong = wrong != null ? wrong : packet + (closed.getCount() == 0 ? " after the stream ended"
                            : " out of order");
                }
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

    /** Text (UTF-8) as one data packet: what a user types into a console. */
    public void type(String keys) {
        data(keys.getBytes(StandardCharsets.UTF_8));
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

    /** The caller's connection is gone: its binding detaches the stream, and nothing more reaches the caller. */
    public void drop() {
        gone = true;
        stream.detach();
    }

    /** The agent's next packet, or an AssertionError after {@code timeout}. */
    public StreamPacket next(Duration timeout) throws InterruptedException {
        StreamPacket p = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (wrong != null) {
            throw new AssertionError("the agent sent " + wrong);
        }
        if (p == null) {
            throw new AssertionError("no packet from the agent within " + timeout);
        }
        return p;
    }

    /**
     * Takes the agent's data packets until their text (UTF-8, all taken so far) holds {@code marker}; returns that
     * text. A packet other than data stays for {@link #next}, and fails the wait, as does the deadline.
     */
    public String awaitText(String marker, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!text().contains(marker)) {
            StreamPacket p = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (p == null || p.status() != StreamPacket.Status.CONTINUE || p.isEndOfData()) {
                if (p != null) {
                    received.addFirst(p);
                }
                throw new AssertionError("no '" + marker + "' from the agent within " + timeout + (p == null ? ""
                        : " (then " + p + (p.message() == null ? "" : ": " + p.message()) + ")") + "; text: "
                        + text());
            }
            byte[] bytes = new byte[p.size()];
            p.data().duplicate().get(bytes);
            synchronized (text) {
                text.write(bytes, 0, bytes.length);
            }
        }
        return text();
    }

    /** The text of the data packets {@link #awaitText} took. */
    public String text() {
        synchronized (text) {
            return text.toString(StandardCharsets.UTF_8);
        }
    }

    /** True once the stream has ended (the port was closed) within {@code timeout}. */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
