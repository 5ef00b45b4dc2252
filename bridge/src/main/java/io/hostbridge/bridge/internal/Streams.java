package io.hostbridge.bridge.internal;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.Printable;
import io.hostbridge.api.stream.StreamHandler;
import io.hostbridge.api.stream.StreamRef;
import io.hostbridge.bridge.CallContext;
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
import java.util.concurrent.ThreadFactory;
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
    /** Streams attached or waiting, and their waiting deadlines (nanoTime), by id. */
    private final Map<String, Long> pending = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> perCaller = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(named("stream"));
    private ScheduledExecutorService timer;

    Streams(StreamLimits limits, Pipeline pipeline) {
        this.limits = limits;
        this.pipeline = pipeline;
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
        BridgeStream stream = new BridgeStream(id, verb.name(), verb.stream(), principal, h, limits, this);
        streams.put(id, stream);
        LOG.info("stream {} ({}, {}) opened for {} flow={}", id, verb.name(), verb.stream().wireName(), principal,
                context.flowId());
        if (ports != null) {
            start(stream, ports);
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
            if (pending.remove(streamId) == null) {
                throw BridgeException.forParameter(ErrorCode.STREAM_PROTOCOL_ERROR, "streamId", "Stream "
                        + streamId + " is attached already");
            }
            start(stream, ports);
            return stream;
        });
    }

    @Override
    public int open() {
        return streams.size();
    }

    private void start(BridgeStream stream, StreamPorts ports) {
        try {
            stream.port(ports.attach(stream));
        } catch (RuntimeException e) {
            ended(stream);
            stream.handler().discard();
            throw e;
        }
        threads.execute(stream::run);
        timer();
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
        AtomicInteger mine = perCaller.computeIfAbsent(principal, p -> new AtomicInteger());
        if (total.incrementAndGet() > limits.maxStreams()) {
            total.decrementAndGet();
            throw BridgeException.of(ErrorCode.RESOURCE_EXHAUSTED, "Too many streams: the agent has "
                    + limits.maxStreams() + " open; try again when one ends");
        }
        if (mine.incrementAndGet() > limits.maxPerCaller()) {
            mine.decrementAndGet();
            total.decrementAndGet();
            throw BridgeException.of(ErrorCode.RESOURCE_EXHAUSTED, "Too many streams: this caller has "
                    + limits.maxPerCaller() + " open; finish or abort one first");
        }
    }

    private void release(String principal) {
        total.decrementAndGet();
        AtomicInteger mine = perCaller.get(principal);
        if (mine != null) {
            mine.decrementAndGet();
        }
    }

    /** Ends the streams nobody attached in time and the idle ones; runs every second while streams exist. */
    private void sweep() {
        long now = System.nanoTime();
        pending.forEach((id, deadline) -> {
            if (deadline - now < 0 && pending.remove(id) != null) {
                BridgeStream stream = streams.get(id);
                if (stream != null) {
                    LOG.info("stream {} ({}) dropped: not attached within {}", id, stream.verb(), limits.attachTimeout());
                    ended(stream);
                    try {
                        stream.handler().discard();
                    } catch (RuntimeException e) {
                        ErrorIds.record("discarding stream " + id + " (" + stream.verb() + ")", e);
                    }
                }
            }
        });
        long idleLimit = now - limits.idleTimeout().toNanos();
        for (BridgeStream stream : streams.values()) {
            if (!pending.containsKey(stream.id()) && stream.idleSince(idleLimit)) {
                stream.fail(ErrorCode.RESOURCE_TIMEOUT, "stream " + stream.id() + " idle for "
                        + limits.idleTimeout().toSeconds() + " s: ended", false);
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
            timer = Executors.newSingleThreadScheduledExecutor(named("stream-timer"));
            timer.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
