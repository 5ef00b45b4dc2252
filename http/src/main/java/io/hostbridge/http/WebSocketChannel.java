package io.hostbridge.http;

import io.hostbridge.bridge.ErrorIds;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted WebSocket on a listener connection.
 *
 * <p>In: the listener's thread cuts whole frames out of what it read ({@link WebSocketFrames}); the handler gets
 * them on a thread of {@code readers} while the connection's read is suspended, so a handler that blocks holds back
 * the peer's TCP connection, not a listener thread. Out: frames are written whole, in order (one writer at a time,
 * which TLS needs), while at most {@link WebSocketEndpoint.Limits#maxQueuedBytes()} wait to be written.
 */
final class WebSocketChannel implements WebSocketSession {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketChannel.class);
    /** How long a closing handshake may take before the connection is dropped. */
    private static final long CLOSE_WAIT_SECONDS = 5;
    private static final int HEADER_BYTES = 10;

    private final Connection<?> connection;
    private final WebSocketEndpoint.Limits limits;
    private final ExecutorService readers;
    private final ScheduledExecutorService timer;
    private final WebSocketFrames frames;
    private final CountDownLatch open = new CountDownLatch(1);
    private final ReentrantLock room = new ReentrantLock();
    private final Condition written = room.newCondition();
    private final Object writeOrder = new Object();
    private final AtomicBoolean closeSent = new AtomicBoolean();
    private final AtomicBoolean closedOnce = new AtomicBoolean();
    private long queued;
    private volatile boolean gone;
    private volatile WebSocketHandler handler;

    WebSocketChannel(Connection<?> connection, WebSocketEndpoint.Limits limits, ExecutorService readers,
                     ScheduledExecutorService timer) {
        this.connection = connection;
        this.limits = limits;
        this.readers = readers;
        this.timer = timer;
        this.frames = new WebSocketFrames(limits.maxMessageBytes(), connection.getMemoryManager());
    }

    /** The endpoint accepted: its handler gets what follows. */
    void handler(WebSocketHandler h) {
        this.handler = h;
    }

    /** The handshake's answer is written: sends may go. */
    void opened() {
        open.countDown();
    }

    /** The connection closed, however: wakes waiting senders and tells the handler, once. */
    void gone() {
        LOG.debug("WebSocket from {} closed", connection.getPeerAddress());
        gone = true;
        room.lock();
        try {
            written.signalAll();
        } finally {
            room.unlock();
        }
        open.countDown();
        WebSocketHandler h = handler;
        if (h != null && closedOnce.compareAndSet(false, true)) {
            try {
                h.closed();
            } catch (RuntimeException e) {
                ErrorIds.record("closing a WebSocket", e);
            }
        }
    }

    // ---- in ----

    /** What the listener read: whole messages go to the handler on a reader thread, the read suspended meanwhile. */
    NextAction read(FilterChainContext ctx, Buffer input) {
        List<WebSocketFrames.Inbound> messages = frames.cut(input);
        if (messages.isEmpty()) {
            return ctx.getStopAction();
        }
        NextAction suspend = ctx.getSuspendAction();
        ctx.suspend();
        try {
            readers.execute(() -> {
                try {
                    deliver(messages);
                } catch (Error e) {
                    LOG.error("WebSocket from {}: delivery failed", connection.getPeerAddress(), e);
                    connection.terminateSilently();
                    throw e;
                } finally {
                    ctx.resume(ctx.getStopAction());
                }
            });
        } catch (RejectedExecutionException e) { // the listener is stopping
            connection.terminateSilently();
            ctx.resume(ctx.getStopAction());
        }
        return suspend;
    }

    private void deliver(List<WebSocketFrames.Inbound> messages) {
        for (WebSocketFrames.Inbound message : messages) {
            if (gone) {
                return;
            }
            try {
                deliver(message);
            } catch (RuntimeException e) {
                String id = ErrorIds.record("a WebSocket message", e);
                close(1011, "internal error, id " + id);
                return;
            }
        }
    }

    private void deliver(WebSocketFrames.Inbound message) {
        WebSocketHandler h = handler;
        if (message instanceof WebSocketFrames.Text t) {
            if (!closeSent.get()) {
                h.text(t.text());
            }
        } else if (message instanceof WebSocketFrames.Binary b) {
            if (!closeSent.get()) {
                h.binary(ByteBuffer.wrap(b.bytes()));
            }
        } else if (message instanceof WebSocketFrames.Ping p) {
            control(0x0A, p.bytes());
        } else if (message instanceof WebSocketFrames.Close c) {
            if (closeSent.compareAndSet(false, true)) {
                // the peer closes: answer in kind, then the connection ends once that is written
                byte[] answer = closePayload(c.code() == 1005 ? 1000 : c.code(), "");
                write(frame(0x08, Buffers.wrap(memory(), answer)), null, true);
                timer.schedule(connection::terminateSilently, CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            } else {
                connection.closeSilently(); // the answer to ours: done
            }
        } else if (message instanceof WebSocketFrames.Broken b && !closeSent.get()) {
            LOG.debug("WebSocket from {} closed with {}: {}", connection.getPeerAddress(), b.code(), b.reason());
            h.refused(b.code(), b.reason());
            close(b.code(), b.reason());
        }
    }

    // ---- out ----

    @Override
    public void sendText(String message) throws IOException, InterruptedException {
        send(0x01, Buffers.wrap(memory(), message.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void sendBinary(ByteBuffer message) throws IOException, InterruptedException {
        send(0x02, Buffers.wrap(memory(), message));
    }

    @Override
    public void close(int code, String reason) {
        if (closeSent.compareAndSet(false, true)) {
            control(0x08, closePayload(code, reason));
            timer.schedule(connection::terminateSilently, CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void send(int opcode, Buffer payload) throws IOException, InterruptedException {
        long timeout = limits.sendTimeout().toNanos();
        if (!open.await(timeout, TimeUnit.NANOSECONDS)) {
            throw new IOException("the WebSocket handshake did not finish");
        }
        long size = payload.remaining() + HEADER_BYTES;
        room.lock();
        try {
            long deadline = System.nanoTime() + timeout;
            while (!gone && !closeSent.get() && queued > 0 && queued + size > limits.maxQueuedBytes()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    connection.terminateSilently();
                    throw new IOException("the peer read nothing for " + limits.sendTimeout().toSeconds() + " s");
                }
                written.awaitNanos(left);
            }
            if (gone || closeSent.get()) {
                throw new IOException("the WebSocket is closed");
            }
            queued += size;
        } finally {
            room.unlock();
        }
        write(frame(opcode, payload), size, false);
    }

    /** A control frame: not held back by the queue's bound (it is small, and may be what ends a stuck peer). */
    private void control(int opcode, byte[] payload) {
        if (!gone) {
            write(frame(opcode, Buffers.wrap(memory(), payload)), null, false);
        }
    }

    /** Writes one frame; {@code size} (counted in {@link #queued}) is freed when it is written. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void write(Buffer frame, Long size, boolean thenClose) {
        synchronized (writeOrder) {
            ((Connection) connection).write(frame, new EmptyCompletionHandler<WriteResult>() {
                @Override
                public void completed(WriteResult result) {
                    release(size);
                    if (thenClose) {
                        connection.closeSilently();
                    }
                }

                @Override
                public void failed(Throwable throwable) {
                    release(size);
                    connection.terminateSilently();
                }
            });
        }
    }

    private void release(Long size) {
        if (size != null) {
            room.lock();
            try {
                queued -= size;
                written.signalAll();
            } finally {
                room.unlock();
            }
        }
    }

    /** An unmasked frame as a server sends it: FIN, the opcode, the length, then the payload itself (no copy). */
    private Buffer frame(int opcode, Buffer payload) {
        int length = payload.remaining();
        int extra = length < 126 ? 0 : length <= 0xFFFF ? 2 : 8;
        byte[] header = new byte[2 + extra];
        header[0] = (byte) (0x80 | opcode);
        header[1] = (byte) (extra == 0 ? length : extra == 2 ? 126 : 127);
        for (int i = 0; i < extra; i++) {
            header[2 + i] = (byte) ((long) length >>> (8 * (extra - 1 - i)));
        }
        Buffer head = Buffers.wrap(memory(), header);
        return payload.hasRemaining() ? Buffers.appendBuffers(memory(), head, payload) : head;
    }

    private static byte[] closePayload(int code, String reason) {
        String shortened = reason;
        byte[] text = shortened.getBytes(StandardCharsets.UTF_8);
        while (text.length > 123) { // a control frame carries at most 125 bytes; cut whole characters
            shortened = shortened.substring(0, shortened.length() - 1);
            text = shortened.getBytes(StandardCharsets.UTF_8);
        }
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        return payload;
    }

    private MemoryManager<?> memory() {
        return connection.getMemoryManager();
    }
}
