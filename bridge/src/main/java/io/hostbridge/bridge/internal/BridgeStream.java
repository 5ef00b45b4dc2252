package io.hostbridge.bridge.internal;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.stream.StreamAbortedException;
import io.hostbridge.api.stream.StreamChannel;
import io.hostbridge.api.stream.StreamHandler;
import io.hostbridge.api.stream.StreamInput;
import io.hostbridge.api.stream.StreamMode;
import io.hostbridge.bridge.ErrorIds;
import io.hostbridge.bridge.stream.AttachedStream;
import io.hostbridge.bridge.stream.StreamLimits;
import io.hostbridge.bridge.stream.StreamPacket;
import io.hostbridge.bridge.stream.StreamPort;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One data stream: libvirt's protocol between the caller's packets and the verb's {@link StreamHandler}.
 *
 * <p>Threads: the binding's thread calls {@link #receive} (checks and queues; never sends), the stream's own
 * thread runs the handler and sends the stream's last packet, and the hub's timer may end a stream that waits too
 * long. Whoever ends the stream first decides how it ended ({@link #fail}); the stream's thread then tells the
 * caller, unless the caller itself aborted or went away. A handler may receive on one thread and send on another
 * (a console); sends are serialized so that packets keep their numbers and the port sees one sender at a time.
 *
 * <p>Once the handler has returned its abort action is forgotten, and once the last packet is decided the stream is
 * {@code over}: from then on the caller's packets, a detach and the timers change nothing.
 */
final class BridgeStream implements AttachedStream, StreamChannel {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeStream.class);
    /** What a queued hole or end counts against the buffer, so that a flood of them is bounded too. */
    private static final int MARKER_BYTES = 64;

    private final String id;
    private final String verb;
    private final StreamMode mode;
    private final String principal;
    private final StreamHandler handler;
    private final StreamLimits limits;
    private final Streams hub;
    private final AtomicReference<Attachment> attachment;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<StreamInput> inbound = new ArrayDeque<>();
    private long buffered;
    private long expectedSeq;
    private boolean callerFinished;
    private boolean callerOk;
    private boolean endSent;
    /** Why the stream ended early, or null while it has not. */
    private BridgeException failure;
    /** True when the failure must not be told to the caller (it aborted, or its connection is gone). */
    private boolean silent;
    private Runnable abortAction;
    /** The handler has returned (or thrown): there is nothing left to abort. */
    private boolean handlerDone;
    /** The last packet is decided: nothing changes the stream any more. */
    private boolean over;
    /** Held while a packet goes to the port, so that packets keep their order and numbers. */
    private final Object sending = new Object();
    private StreamPort port;
    private volatile long lastActivity = System.nanoTime();
    private long outSeq;
    private long bytesIn;
    private long bytesOut;

    /**
     * @param waiting true for a stream that waits to be attached by a later call ({@link #claim}), false for one
     *                attached by the call that opens it
     */
    BridgeStream(String id, String verb, StreamMode mode, String principal, StreamHandler handler,
                 StreamLimits limits, Streams hub, boolean waiting) {
        this.id = id;
        this.verb = verb;
        this.mode = mode;
        this.principal = principal;
        this.handler = handler;
        this.limits = limits;
        this.hub = hub;
        this.attachment = new AtomicReference<>(waiting ? Attachment.WAITING : Attachment.ATTACHED);
    }

    /** Whether a stream is attached to its caller's connection: decided once, by whoever comes first. */
    enum Attachment { WAITING, ATTACHED, DROPPED }

    /** Takes a waiting stream for the caller's connection; what it was when that fails. */
    Attachment claim() {
        return attachment.compareAndSet(Attachment.WAITING, Attachment.ATTACHED) ? Attachment.WAITING
                : attachment.get();
    }

    /** Drops a stream that still waits to be attached; false when it is attached (or dropped) already. */
    boolean dropIfWaiting() {
        return attachment.compareAndSet(Attachment.WAITING, Attachment.DROPPED);
    }

    boolean attached() {
        return attachment.get() == Attachment.ATTACHED;
    }

    String principal() {
        return principal;
    }

    String verb() {
        return verb;
    }

    StreamHandler handler() {
        return handler;
    }

    void port(StreamPort p) {
        this.port = java.util.Objects.requireNonNull(p, "the binding's port");
        touch();
    }

    /** Idle from now: a stream is idle from its attachment, not from the call that opened it. */
    void touch() {
        lastActivity = System.nanoTime();
    }

    boolean idleSince(long nanos) {
        return mode != StreamMode.BOTH && lastActivity - nanos < 0;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public StreamMode mode() {
        return mode;
    }

    // ---- the caller's packets (binding's thread) ----

    @Override
    public void receive(StreamPacket packet) {
        lastActivity = System.nanoTime();
        lock.lock();
        try {
            if (over || failure != null || callerOk) {
                return; // already over: the binding forgets it as soon as the stream's thread is done
            }
            if (packet.seq() != expectedSeq) {
                fail(ErrorCode.STREAM_PROTOCOL_ERROR, "stream " + id + ": packet seq " + packet.seq()
                        + " out of order, expected " + expectedSeq, false);
                return;
            }
            expectedSeq++;
            switch (packet.status()) {
                case ERROR -> fail(ErrorCode.STREAM_PROTOCOL_ERROR, "aborted by the caller", true);
                case CONTINUE -> data(packet);
                case HOLE -> hole(packet);
                case OK -> ok();
                default -> throw new IllegalStateException(packet.status().name());
            }
        } finally {
            lock.unlock();
        }
    }

    private void data(StreamPacket packet) {
        if (!mode.takesData()) {
            fail(ErrorCode.STREAM_PROTOCOL_ERROR, "stream " + id + " (" + verb + ") sends data; it takes none from"
                    + " the caller, only OK after the end of data, or ERROR", false);
        } else if (callerFinished) {
            fail(ErrorCode.STREAM_PROTOCOL_ERROR, "stream " + id + ": data after the caller's OK", false);
        } else if (packet.isEndOfData()) {
            fail(ErrorCode.STREAM_PROTOCOL_ERROR, "stream " + id + ": an empty CONTINUE from the caller; finish"
                    + " with OK", false);
        } else if (packet.size() > MAX_PACKET) {
            fail(ErrorCode.REQUEST_TOO_LARGE, "stream " + id + ": a packet of " + packet.size()
                    + " bytes; at most " + MAX_PACKET, false);
        } else if (awaitRoom(packet.size())) {
            bytesIn += packet.size();
            enqueue(StreamInput.data(packet.data()), packet.size());
        }
    }

    private void hole(StreamPacket packet) {
        if (!mode.takesData() || callerFinished) {
            fail(ErrorCode.STREAM_PROTOCOL_ERROR, "stream " + id + ": a HOLE is data, and the stream takes none"
                    + " now", false);
        } else if (packet.holeLength() <= 0) {
            fail(ErrorCode.STREAM_PROTOCOL_ERROR, "stream " + id + ": a HOLE needs a positive length, got "
                    + packet.holeLength(), false);
        } else if (awaitRoom(MARKER_BYTES)) {
            bytesIn += packet.holeLength();
            enqueue(StreamInput.hole(packet.holeLength()), MARKER_BYTES);
        }
    }

    private void ok() {
        if (mode.takesData() && !callerFinished) {
            callerFinished = true;
            enqueue(StreamInput.end(), 0);
        } else if (endSent) {
            callerOk = true;
            changed.signalAll();
        } else if (callerFinished) {
            fail(ErrorCode.STREAM_PROTOCOL_ERROR, "stream " + id + ": a second OK from the caller", false);
        } else {
            fail(ErrorCode.STREAM_PROTOCOL_ERROR, "stream " + id + ": OK before the end of data (abort with"
                    + " ERROR)", false);
        }
    }

    /** Waits (lock held) until {@code bytes} fit in the buffer; false when the stream ended meanwhile. */
    private boolean awaitRoom(long bytes) {
        long deadline = System.nanoTime() + limits.stallTimeout().toNanos();
        while (failure == null && !over && buffered + bytes > limits.bufferBytes()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail(ErrorCode.RESOURCE_EXHAUSTED, "stream " + id + ": the caller sends faster than the agent"
                        + " takes the data (" + limits.bufferBytes() + " bytes waiting); send slower", false);
                return false;
            }
            try {
                changed.awaitNanos(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(ErrorCode.UNAVAILABLE, "the agent is stopping", false);
                return false;
            }
        }
        return failure == null && !over;
    }

    private void enqueue(StreamInput input, long bytes) {
        inbound.add(input);
        buffered += bytes;
        changed.signalAll();
    }

    @Override
    public void fail(ErrorCode code, String message) {
        fail(code, message, false);
    }

    @Override
    public void detach() {
        fail(ErrorCode.STREAM_PROTOCOL_ERROR, "the caller's connection is gone", true);
    }

    /**
     * Ends the stream early (first reason wins): wakes the handler, runs its abort action.
     *
     * @param quiet true when the caller must not be told (it aborted, or cannot hear)
     */
    void fail(ErrorCode code, String message, boolean quiet) {
        Runnable action;
        lock.lock();
        try {
            if (failure != null || over) {
                return;
            }
            failure = BridgeException.of(code, message);
            silent = quiet;
            inbound.clear();
            buffered = 0;
            changed.signalAll();
            action = abortAction;
            abortAction = null;
        } finally {
            lock.unlock();
        }
        LOG.debug("stream {} ({}) ends: {}", id, verb, message);
        if (action != null) {
            hub.runAbortAction(this, action);
        }
    }

    // ---- the handler's side (the stream's thread) ----

    @Override
    public StreamInput receive() throws StreamAbortedException, InterruptedException {
        if (!mode.takesData()) {
            throw new IllegalStateException("stream " + id + " (" + verb + ") takes no data from the caller");
        }
        lock.lock();
        try {
            while (true) {
                if (failure != null) {
                    throw aborted();
                }
                StreamInput next = inbound.poll();
                if (next != null) {
                    buffered -= next.isData() ? next.length() : next.isEnd() ? 0 : MARKER_BYTES;
                    changed.signalAll();
                    return next;
                }
                if (callerFinished || over) {
                    return StreamInput.end(); // taken already: nothing more comes
                }
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void send(ByteBuffer data) throws StreamAbortedException, InterruptedException {
        if (!mode.sendsData()) {
            throw new IllegalStateException("stream " + id + " (" + verb + ") sends no data to the caller");
        }
        while (data.hasRemaining()) {
            ByteBuffer packet = data.slice();
            packet.limit(Math.min(packet.remaining(), MAX_PACKET));
            data.position(data.position() + packet.remaining());
            transmit(seq -> StreamPacket.data(seq, packet), packet.remaining());
        }
    }

    @Override
    public void sendHole(long length) throws StreamAbortedException, InterruptedException {
        if (!mode.sendsData()) {
            throw new IllegalStateException("stream " + id + " (" + verb + ") sends no data to the caller");
        }
        if (length <= 0) {
            throw new IllegalArgumentException("a hole's length must be positive, got " + length);
        }
        transmit(seq -> StreamPacket.hole(seq, length), length);
    }

    @Override
    public void onAbort(Runnable action) {
        boolean now;
        lock.lock();
        try {
            now = failure != null && !handlerDone;
            if (failure == null && !handlerDone) {
                abortAction = action;
            }
        } finally {
            lock.unlock();
        }
        if (now) {
            hub.runAbortAction(this, action);
        }
    }

    /** Sends a packet of the handler's (data, hole) or of the handshake (the end of data), numbered in order. */
    private void transmit(Function<Long, StreamPacket> packet, long bytes)
            throws StreamAbortedException, InterruptedException {
        synchronized (sending) {
            if (ended()) {
                throw aborted();
            }
            try {
                port.send(packet.apply(outSeq));
                outSeq++;
                bytesOut += bytes;
                lastActivity = System.nanoTime();
            } catch (IOException e) {
                LOG.debug("stream {}: the caller's connection failed: {}", id, e.toString());
                fail(ErrorCode.STREAM_PROTOCOL_ERROR, "the caller's connection failed", true);
                throw aborted();
            }
        }
    }

    private boolean ended() {
        lock.lock();
        try {
            return failure != null || over;
        } finally {
            lock.unlock();
        }
    }

    private boolean failed() {
        lock.lock();
        try {
            return failure != null;
        } finally {
            lock.unlock();
        }
    }

    private StreamAbortedException aborted() {
        lock.lock();
        try {
            return new StreamAbortedException("stream " + id + " ended: "
                    + (failure == null ? "its handler returned" : failure.getMessage()));
        } finally {
            lock.unlock();
        }
    }

    /**
     * The stream's thread: runs the handler, then the ending handshake, and tells the caller how it ended. The
     * caller's place is given back before its last packet goes, so a caller that opens its next stream as soon as
     * it hears OK finds the place free.
     */
    void run() {
        Throwable thrown = null;
        try {
            handler.run(this);
        } catch (Throwable t) {
            thrown = t;
        }
        try {
            handlerReturned();
            if (thrown == null) {
                finish();
            } else {
                handlerFailed(thrown);
            }
            Function<Long, StreamPacket> last = last();
            hub.ended(this);
            if (last != null) {
                synchronized (sending) { // numbered after a packet another thread of the handler has under way
                    port.send(last.apply(outSeq++));
                }
            }
        } catch (IOException e) {
            LOG.debug("stream {}: its last packet was not delivered: {}", id, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            LOG.info("stream {} ({}, {}) for {} ended: {}; {} bytes in, {} bytes out", id, verb, mode.wireName(),
                    principal, outcome(), bytesIn, bytesOut);
            hub.ended(this);
            try {
                synchronized (sending) { // after a packet another thread of the handler still had under way
                    port.closed();
                }
            } catch (RuntimeException e) {
                ErrorIds.record("closing stream " + id + " (" + verb + ")", e);
            }
        }
    }

    private void handlerReturned() {
        lock.lock();
        try {
            handlerDone = true;
            abortAction = null;
        } finally {
            lock.unlock();
        }
    }

    private void handlerFailed(Throwable thrown) {
        if (failed()) {
            // aborted first: what the handler threw on its way out is a consequence, not news
            LOG.debug("stream {} ({}): the handler ended after the stream did: {}", id, verb, thrown.toString());
            return;
        }
        RuntimeException safe = ErrorIds.resolve(thrown, "stream " + id + " (" + verb + ")");
        fail(safe instanceof BridgeException b ? b.error() : ErrorCode.GENERAL, safe.getMessage(), false);
    }

    /** Decides the last packet (by its seq): OK, ERROR, or none for a caller that aborted or cannot hear. */
    private Function<Long, StreamPacket> last() {
        lock.lock();
        try {
            over = true;
            inbound.clear();
            buffered = 0;
            changed.signalAll();
            if (failure == null) {
                return StreamPacket::ok;
            }
            BridgeException f = failure;
            return silent ? null : seq -> StreamPacket.error(seq, f.code(), f.getMessage());
        } finally {
            lock.unlock();
        }
    }

    private String outcome() {
        lock.lock();
        try {
            return failure == null ? "ok" : failure.getMessage();
        } finally {
            lock.unlock();
        }
    }

    /** The handler returned: the handshake that ends a stream well, up to the agent's OK. */
    private void finish() throws InterruptedException {
        lock.lock();
        try {
            if (failure != null || callerFinished) {
                return;
            }
            if (mode == StreamMode.IN) {
                failure = BridgeException.of(ErrorCode.GENERAL, "stream " + id + " ended before the caller's OK");
                LOG.error("stream {} ({}): the handler returned before the caller finished", id, verb);
                return;
            }
            endSent = true;
        } finally {
            lock.unlock();
        }
        try {
            transmit(StreamPacket::endOfData, 0);
        } catch (StreamAbortedException e) {
            return; // ended meanwhile: told by the last packet
        }
        awaitCallerOk();
    }

    /** After the end of data: the caller's OK (data it still sends to a console meanwhile is dropped). */
    private void awaitCallerOk() throws InterruptedException {
        long deadline = System.nanoTime() + limits.idleTimeout().toNanos();
        lock.lock();
        try {
            while (failure == null && !callerOk && !callerFinished) {
                inbound.clear();
                buffered = 0;
                changed.signalAll(); // a caller's packet waiting for room takes it now
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fail(ErrorCode.STREAM_TIMEOUT, "stream " + id + ": no OK from the caller after the end of"
                            + " data", false);
                    return;
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }
}
