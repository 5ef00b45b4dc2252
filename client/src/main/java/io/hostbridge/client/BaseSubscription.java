package io.hostbridge.client;

import java.util.Optional;
import java.util.function.Consumer;

/** What every transport's subscription keeps: where it is, whether it ended and why, and delivery in order, once. */
abstract class BaseSubscription implements Subscription {
    private final Consumer<Event> listener;
    private volatile Long lastSeq;
    private volatile boolean closed;
    private volatile HostbridgeException failure;

    BaseSubscription(Long afterSeq, Consumer<Event> listener) {
        this.lastSeq = afterSeq;
        this.listener = listener;
    }

    /** Runs the subscription's work on a daemon thread of its own; returns this subscription. */
    final Subscription start(Runnable work) {
        Thread thread = new Thread(work, "hostbridge-events");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Delivers an event unless the subscription ended or the event came before (a replay met the live events). */
    final void deliver(Event event) {
        Long last = lastSeq;
        if (!closed && (last == null || event.seq() > last)) {
            lastSeq = event.seq();
            listener.accept(event);
        }
    }

    /** The agent refused the subscription: it ends, saying why. */
    final void fail(HostbridgeException e) {
        failure = e;
        closed = true;
    }

    final boolean closed() {
        return closed;
    }

    @Override
    public final Long lastSeq() {
        return lastSeq;
    }

    @Override
    public final Optional<HostbridgeException> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public void close() {
        closed = true;
    }
}
