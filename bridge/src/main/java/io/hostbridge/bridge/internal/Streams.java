package io.hostbridge.bridge.internal;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.Printable;
import io.hostbridge.api.stream.StreamHandler;
import io.hostbridge.api.stream.StreamRef;
import io.hostbridge.bridge.CallContext;
import io.hostbridge.bridge.DaemonThreads;
import io.hostbridge.bridge.ErrorIds;
import io.hostbridge.bridge.Transport;
import io.hostbridge.bridge.model.VerbDef;
import io.hostbridge.bridge.stream.AttachedStream;
import io.hostbridge.bridge.stream.StreamHub;
import io.hostbridge.bridge.stream.StreamLimits;
import io.hostbridge.bridge.stream.StreamPorts;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's streams: opens them for stream verbs (bounded in number, per caller and in all), attaches them to
 * the caller's connection, runs each handler on a thread of its own once attached, and ends streams nobody
 * attaches or that go idle. Its threads exist only while streams do.
 */
final class Streams implements StreamHub {
    private static final Logger LOG = LoggerFactory.getLogger(Streams.class);
    static final String ATTACH = "streams.attach";

    private final StreamLimits limits;
    private final Pipeline pipeline;
    private final Map<String, BridgeStream> streams = new ConcurrentHashMap<>();
    /** The deadlines (nanoTime) of the streams that wait to be attached, by id. */
    private final Map<String, Long> pending = new ConcurrentHashMap<>();
    /** Places taken per caller; a caller with none has no entry. */
    private final Map<String, Integer> perCaller = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(DaemonThreads.named("stream"));
    private ScheduledExecutorService timer;
    /** How often the timer looks, in ms: a tenth of the shortest limit it keeps, at most a second. */
    private final long period;

    Streams(StreamLimits limits, Pipeline pipeline) {
        this.limits = limits;
        this.pipeline = pipeline;
        long shortest = Math.min(limits.attachTimeout().toMillis(), limits.idleTimeout().toMillis());
        this.period = Math.max(5, Math.min(1000, shortest / 10));
    }

    /**
     * Runs a stream verb: takes a place for the caller's stream (or refuses with 1100), runs the verb, and opens
     * the stream from the handler it returns; attaches it at once when the call's transport carries streams.
     */
    StreamRef open(VerbDef verb, CallContext context, StreamPorts ports, Supplier<Object> invoke) {
        String principal = context.principal();
        reserve(principal);
        Object handler;
        try {
            handler = invoke.get();
        } catch (RuntimeException | Error e) {
            release(principal);
            throw e;
        }
        if (!(handler instanceof StreamHandler h)) {
            release(principal);
            throw new IllegalStateException(verb.name() + " returned " + handler + ", not a StreamHandler");
        }
        String id = UUID.randomUUID().toString();
        BridgeStream stream = new BridgeStream(id, verb.name(), verb.stream(), principal, h, limits, this,
                ports == null);
        streams.put(id, stream);
        LOG.info("stream {} ({}, {}) opened for {} flow={}", id, verb.name(), verb.stream().wireName(), principal,
                context.flowId());
        if (ports != null) {
            startOrDrop(stream, ports);
        } else {
            pending.put(id, System.nanoTime() + limits.attachTimeout().toNanos());
            timer();
        }
        return new StreamRef(id);
    }

    @Override
    public AttachedStream attach(Transport transport, String streamId, StreamPorts ports) {
        return pipeline.run(transport, ATTACH, ATTACH, AccessLevel.READ, context -> {
            BridgeStream stream = streamId == null ? null : streams.get(streamId);
            if (stream == null || !stream.principal().equals(context.principal())) {
                throw BridgeException.forParameter(ErrorCode.NO_SUCH_STREAM, "streamId", "No such stream: '"
                        + Printable.of(String.valueOf(streamId)) + "' (it ended, or was never opened by this caller)");
            }
            stream.touch(); // before it is attached, so the idle check never sees it stale
            BridgeStream.Attachment was = stream.claim();
            if (was == BridgeStream.Attachment.DROPPED) { // by the timer, just now
                throw BridgeException.forParameter(ErrorCode.NO_SUCH_STREAM, "streamId", "No such stream: '"
                        + streamId + "' (it was not attached in time)");
            }
            if (was == BridgeStream.Attachment.ATTACHED) {
                throw BridgeException.forParameter(ErrorCode.STREAM_ATTACHED, "streamId", "Stream "
                        + streamId + " is attached already");
            }
            pending.remove(streamId);
            startOrDrop(stream, ports);
            return stream;
        });
    }

    @Override
    public int open() {
        return streams.size();
    }

    /**
     * The agent is stopping: drops the streams waiting to be attached, ends the running ones (their callers get
     * ERROR 40 where their connection still takes it) and waits up to {@code wait} for their handlers to let go.
     */
    void stopAll(java.time.Duration wait) {
        for (BridgeStream stream : streams.values()) {
            if (pending.remove(stream.id()) != null && stream.dropIfWaiting()) {
                drop(stream);
            } else {
                stream.fail(ErrorCode.UNAVAILABLE, "the agent is stopping", false);
            }
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (!streams.isEmpty() && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(20); // a poll at stop only: handlers end on their own threads
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!streams.isEmpty()) {
            LOG.warn("{} stream(s) still ending as the agent stops", streams.size());
        }
    }

    /** Attaches the stream to the binding's ports and runs it; when the binding cannot take it, drops it. */
    private void startOrDrop(BridgeStream stream, StreamPorts ports) {
        try {
            stream.port(ports.attach(stream));
        } catch (RuntimeException | Error e) {
            drop(stream);
            throw e;
        }
        threads.execute(stream::run);
        timer();
    }

    /**
     * Forgets a stream whose caller never learnt of it (its call failed after the stream was opened): a stream
     * that runs ends as if its caller went away, one that waits to be attached is dropped.
     */
    void abandon(String id) {
        BridgeStream stream = streams.get(id);
        if (stream == null) {
            return;
        }
        if (stream.dropIfWaiting()) {
            pending.remove(id);
            drop(stream);
        } else {
            stream.detach();
        }
    }

    /** Gives the place of a stream that never ran back and releases what its verb took. */
    private void drop(BridgeStream stream) {
        ended(stream);
        try {
            stream.handler().discard();
        } catch (RuntimeException e) {
            ErrorIds.record("discarding stream " + stream.id() + " (" + stream.verb() + ")", e);
        }
    }

    void ended(BridgeStream stream) {
        if (streams.remove(stream.id()) != null) {
            release(stream.principal());
        }
    }

    void runAbortAction(BridgeStream stream, Runnable action) {
        threads.execute(() -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                ErrorIds.record("abort action of stream " + stream.id() + " (" + stream.verb() + ")", e);
            }
        });
    }

    private void reserve(String principal) {
        if (total.incrementAndGet() > limits.maxStreams()) {
            total.decrementAndGet();
            throw BridgeException.of(ErrorCode.RESOURCE_EXHAUSTED, "Too many streams: the agent has "
                    + limits.maxStreams() + " open; try again when one ends");
        }
        try {
            perCaller.merge(principal, 1, (had, one) -> {
                if (had >= limits.maxPerCaller()) {
                    throw BridgeException.of(ErrorCode.RESOURCE_EXHAUSTED, "Too many streams: this caller has "
                            + limits.maxPerCaller() + " open; finish or abort one first");
                }
                return had + one;
            });
        } catch (BridgeException e) {
            total.decrementAndGet();
            throw e;
        }
    }

    private void release(String principal) {
        perCaller.computeIfPresent(principal, (p, had) -> had > 1 ? had - 1 : null);
        total.decrementAndGet();
    }

    /**
     * Ends the streams nobody attached in time and the idle ones; runs while streams exist, every second or more
     * often when a limit is shorter. A failure is logged: the timer must go on.
     */
    private void sweep() {
        try {
            sweepOnce();
        } catch (RuntimeException e) {
            ErrorIds.record("the streams' timer", e);
        }
    }

    private void sweepOnce() {
        long now = System.nanoTime();
        pending.forEach((id, deadline) -> {
            if (deadline - now < 0 && pending.remove(id) != null) {
                BridgeStream stream = streams.get(id);
                if (stream != null && stream.dropIfWaiting()) {
                    LOG.info("stream {} ({}) dropped: not attached within {}", id, stream.verb(), limits.attachTimeout());
                    drop(stream);
                }
            }
        });
        long idleLimit = now - limits.idleTimeout().toNanos();
        for (BridgeStream stream : streams.values()) {
            if (stream.attached() && stream.idleSince(idleLimit)) {
                stream.fail(ErrorCode.STREAM_TIMEOUT, "stream " + stream.id() + " idle for "
                        + limits.idleTimeout() + ": ended", false);
            }
        }
        synchronized (this) {
            if (streams.isEmpty() && timer != null) {
                timer.shutdown();
                timer = null;
            }
        }
    }

    private synchronized void timer() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("stream-timer"));
            timer.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
        }
    }

}
