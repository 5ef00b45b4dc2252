package io.hostbridge.http;

import io.hostbridge.bridge.Metrics;
import io.micrometer.core.instrument.Counter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.glassfish.grizzly.Transport;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.RequestExecutorProvider;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.threadpool.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener's capacity, in front of every route: a request is admitted to a worker thread only while fewer than
 * {@code workers + maxQueued} requests of its listener are admitted and unfinished; beyond that it is answered at
 * once, on the listener's own thread, with the route's {@link HttpRoute.Busy} answer (VDSM's code 1100), instead of
 * waiting in an unbounded queue until its caller gives up. A request counts from the moment it is parsed until its
 * handler returns (a handler that keeps its response open, such as an event stream, gives its place back then).
 */
final class Admission extends GuardHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Admission.class);
    /** The request attributes that mark a request refused for capacity, or admitted (its listener's count). */
    private static final String REFUSED = Admission.class.getName() + ".refused";
    private static final String ADMITTED = Admission.class.getName() + ".admitted";
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;

    private final int limit;
    private final HttpRoute.Busy busy;
    /** Admitted, unfinished requests, per listener (each has its own transport and worker threads). */
    private final Map<Transport, AtomicInteger> admitted;
    /** What {@link #refusals} counted at the last warning. */
    private final AtomicLong reported = new AtomicLong();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private final RequestExecutorProvider executors = this::executor;
    private final Counter refusals;

    /**
     * @param admitted shared by every route of the listeners, so that their requests count together
     */
    Admission(HttpHandler delegate, int limit, HttpRoute.Busy busy, Map<Transport, AtomicInteger> admitted,
              Counter refusals) {
        super(delegate);
        this.limit = limit;
        this.busy = busy;
        this.admitted = admitted;
        this.refusals = refusals;
    }

    /** The requests a route refused for capacity: {@code hostbridge_http_refused_total{route=...}}. */
    static Counter refusals(Metrics metrics, String route) {
        return Counter.builder("hostbridge.http.refused").tag("route", route)
                .description("HTTP requests answered with code 1100 because the listener was at capacity")
                .register(metrics.registry());
    }

    static Map<Transport, AtomicInteger> counters() {
        return new ConcurrentHashMap<>();
    }

    @Override
    public RequestExecutorProvider getRequestExecutorProvider() {
        return executors;
    }

    /** Where the request runs: a worker thread if there is room, else here (where it is refused). */
    private Executor executor(Request request) {
        Transport transport = request.getContext().getConnection().getTransport();
        AtomicInteger count = admitted.computeIfAbsent(transport, t -> new AtomicInteger());
        if (count.incrementAndGet() > limit) {
            count.decrementAndGet();
            request.setAttribute(REFUSED, Boolean.TRUE);
            return null;
        }
        request.setAttribute(ADMITTED, count);
        // a request parsed on a worker thread (the next one of a kept-alive connection) stays there
        return Threads.isService() ? transport.getWorkerThreadPool() : null;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        if (request.getAttribute(REFUSED) != null) {
            refuse(request, response);
            return;
        }
        AtomicInteger count = (AtomicInteger) request.getAttribute(ADMITTED);
        try {
            delegate.service(request, response);
        } finally {
            if (count != null) {
                count.decrementAndGet();
            }
        }
    }

    private void refuse(Request request, Response response) throws Exception {
        refusals.increment();
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            long total = (long) refusals.count();
            long n = total - reported.getAndSet(total);
            LOG.warn("HTTP listener at capacity ({} requests admitted at once): {} request(s) refused with code 1100"
                    + " since the last report; raise http.workerThreads or http.maxQueuedRequests if the host has"
                    + " room", limit, n);
        }
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        busy.answer(request, response);
    }
}
