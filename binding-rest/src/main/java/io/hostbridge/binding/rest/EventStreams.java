package io.hostbridge.binding.rest;

import io.hostbridge.bridge.DaemonThreads;
import io.hostbridge.jsonrpc.JsonText;
import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.host.EventGap;
import io.hostbridge.api.spi.Lifecycle;
import io.hostbridge.bridge.EventEnvelopes;
import io.hostbridge.events.Delivery;
import io.hostbridge.events.Event;
import io.hostbridge.events.Subscription;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pumps bus subscriptions into SSE connections, one pump thread per connection so a slow client only
 * slows itself (its bus queue overflows into a gap notice, publishers never wait).
 */
@Singleton
public final class EventStreams implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(EventStreams.class);

    private final RestSettings settings;
    private final Semaphore slots;
    private final Set<Pump> pumps = ConcurrentHashMap.newKeySet();
    private final ExecutorService executor;

    @Inject
    public EventStreams(RestSettings settings) {
        this.settings = settings;
        this.slots = new Semaphore(settings.maxEventStreams());
        this.executor = Executors.newCachedThreadPool(DaemonThreads.named("sse"));
    }

    /** Reserves a slot for one more stream, or refuses with code 1100 before the response starts. */
    void reserve() {
        if (!slots.tryAcquire()) {
            throw BridgeException.of(ErrorCode.RESOURCE_EXHAUSTED, "Too many event streams (rest.maxEventStreams = "
                    + settings.maxEventStreams() + ")");
        }
    }

    void release() {
        slots.release();
    }

    /** Streams {@code subscription} to {@code sink} until either side closes; the slot is released after. */
    void start(Subscription subscription, SseEventSink sink, Sse sse) {
        Pump pump = new Pump(subscription, sink, sse);
        pumps.add(pump);
        executor.execute(pump);
    }

    @Override
    public String name() {
        return "sse";
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
        pumps.forEach(Pump::close);
        executor.shutdownNow();
    }

    private final class Pump implements Runnable {
        private final Subscription subscription;
        private final SseEventSink sink;
        private final Sse sse;

        Pump(Subscription subscription, SseEventSink sink, Sse sse) {
            this.subscription = subscription;
            this.sink = sink;
            this.sse = sse;
        }

        @Override
        public void run() {
            try {
                // headers go out with the first write: tell the client at once that the stream is open
                send(sse.newEventBuilder().comment("hostbridge event stream").build());
                Duration heartbeat = settings.heartbeatInterval();
                while (!subscription.isClosed() && !sink.isClosed()) {
                    Optional<Delivery> next = subscription.poll(heartbeat);
                    if (next.isEmpty()) {
                        send(sse.newEventBuilder().comment("").build());
                    } else {
                        send(toSse(next.get()));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.debug("event stream ended: {}", e.toString());
            } finally {
                close();
            }
        }

        private void send(OutboundSseEvent event) {
            // a failed write means the client went away; join() surfaces it so the pump ends
            sink.send(event).toCompletableFuture().join();
        }

        private OutboundSseEvent toSse(Delivery delivery) {
            if (delivery instanceof Delivery.Gap gap) {
                EventGap notice = EventEnvelopes.gap(gap);
                return sse.newEventBuilder().id(Long.toString(gap.toSeq())).name("gap").data(json(notice)).build();
            }
            Event e = ((Delivery.Published) delivery).event();
            return sse.newEventBuilder().id(Long.toString(e.seq())).name(e.topic()).data(json(EventEnvelopes.record(e))).build();
        }

        private String json(Object value) {
            try {
                return JsonText.MAPPER.writeValueAsString(value);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        void close() {
            if (pumps.remove(this)) {
                subscription.close();
                try {
                    sink.close();
                } catch (RuntimeException e) {
                    LOG.debug("closing event stream: {}", e.toString());
                }
                release();
            }
        }
    }
}
