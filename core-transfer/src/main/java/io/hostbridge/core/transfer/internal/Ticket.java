package io.hostbridge.core.transfer.internal;

import io.hostbridge.api.transfer.ImageTicket;
import io.hostbridge.api.transfer.ImageTicketInfo;
import io.hostbridge.api.transfer.TicketOp;
import io.hostbridge.api.transfer.TransferEvent;
import io.hostbridge.core.transfer.ImageBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A ticket and the state of its transfer. Times are monotonic nanoseconds from {@code clock}; expiry
 * restarts at every operation's start and end, and a ticket with an operation in progress does not expire.
 */
public final class Ticket {
    private final ImageTicket spec;
    private final String name;
    private final Path path;
    private final ImageBackend backend;
    private final LongSupplier clock;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong transferred = new AtomicLong();
    private final AtomicBoolean canceled = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicLong lastProgress = new AtomicLong(Long.MIN_VALUE);
    private final Set<Runnable> cancelListeners = ConcurrentHashMap.newKeySet();
    private volatile long expires;
    private volatile long lastActivity;
    private final LongAdder moved;

    /** @param moved counts the bytes every ticket moves, for the agent's metrics */
    Ticket(ImageTicket spec, Path path, ImageBackend backend, LongSupplier clock, LongAdder moved) {
        this.spec = spec;
        this.name = TicketNames.publicName(spec);
        this.moved = moved;
        this.path = path;
        this.backend = backend;
        this.clock = clock;
        long now = clock.getAsLong();
        this.lastActivity = now;
        this.expires = now + Duration.ofSeconds(spec.timeout()).toNanos();
    }

    public UUID id() {
        return spec.uuid();
    }

    /** What events, logs and other callers know the ticket by: its transfer, never its id (see TicketNames). */
    public String name() {
        return name;
    }

    public ImageTicket spec() {
        return spec;
    }

    /** The target file (for storage's "in use" check). */
    public Path path() {
        return path;
    }

    ImageBackend backend() {
        return backend;
    }

    boolean may(TicketOp op) {
        return spec.ops().contains(TicketOp.WRITE) || spec.ops().contains(op);
    }

    boolean canceled() {
        return canceled.get();
    }

    boolean expired() {
        return active.get() == 0 && clock.getAsLong() - expires >= 0;
    }

    /** Restarts expiry: now plus the ticket's timeout. */
    void touch() {
        long now = clock.getAsLong();
        lastActivity = now;
        expires = now + Duration.ofSeconds(spec.timeout()).toNanos();
    }

    /** Sets expiry to now plus {@code seconds}. */
    void extend(long seconds) {
        expires = clock.getAsLong() + Duration.ofSeconds(seconds).toNanos();
    }

    void operationStarted() {
        active.incrementAndGet();
        touch();
    }

    void operationEnded() {
        touch();
        active.decrementAndGet();
    }

    int activeOperations() {
        return active.get();
    }

    void attached(Runnable onCancel) {
        connections.incrementAndGet();
        cancelListeners.add(onCancel);
    }

    void detached(Runnable onCancel) {
        if (cancelListeners.remove(onCancel)) {
            connections.decrementAndGet();
        }
    }

    /** True the first time data moves under this ticket. */
    boolean firstData() {
        return started.compareAndSet(false, true);
    }

    boolean hasStarted() {
        return started.get();
    }

    /** Adds moved bytes; true when a progress event is due ({@code interval} since the last one). */
    boolean account(long bytes, Duration interval) {
        transferred.addAndGet(bytes);
        moved.add(bytes);
        long now = clock.getAsLong();
        long last = lastProgress.get();
        return (last == Long.MIN_VALUE || now - last >= interval.toNanos()) && lastProgress.compareAndSet(last, now);
    }

    /** Marks the ticket canceled and tells every attached connection; returns the listeners told. */
    List<Runnable> cancel() {
        canceled.set(true);
        List<Runnable> listeners = List.copyOf(cancelListeners);
        listeners.forEach(Runnable::run);
        return listeners;
    }

    TransferEvent event() {
        return new TransferEvent(name, spec.size(), transferred.get());
    }

    ImageTicketInfo info(long nowEpochSecond) {
        long now = clock.getAsLong();
        boolean busy = active.get() > 0;
        long idle = busy ? 0 : Duration.ofNanos(now - lastActivity).toSeconds();
        long expiresEpoch = nowEpochSecond + Math.floorDiv(expires - now, 1_000_000_000L);
        return new ImageTicketInfo(spec.uuid(), spec.size(), spec.ops(), spec.timeout(), inactivityTimeout(),
                spec.transferId(), spec.filename(), sparse(), Boolean.TRUE.equals(spec.dirty()),
                spec.url() != null && spec.url().startsWith("nbd:") ? spec.url() : path.toUri().toString(), busy, canceled.get(), connections.get(), idle, expiresEpoch,
                transferred.get());
    }

    long inactivityTimeout() {
        return spec.inactivityTimeout() == null ? ImageTicket.DEFAULT_INACTIVITY_TIMEOUT : spec.inactivityTimeout();
    }

    boolean sparse() {
        return Boolean.TRUE.equals(spec.sparse());
    }
}
