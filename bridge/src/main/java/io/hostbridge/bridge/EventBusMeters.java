package io.hostbridge.bridge;

import io.hostbridge.events.EventBus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** The event bus's gauges: the last sequence number (its growth is the publication rate) and open subscriptions. */
final class EventBusMeters implements MeterBinder {
    private final EventBus bus;

    EventBusMeters(EventBus bus) {
        this.bus = bus;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("hostbridge.events.last.seq", bus, EventBus::lastSeq)
                .description("Sequence number of the last published event").register(registry);
        Gauge.builder("hostbridge.events.subscribers", bus, EventBus::subscriberCount)
                .description("Open event subscriptions (SSE streams, the AMQP agent, STOMP subscribers)")
                .register(registry);
    }
}
