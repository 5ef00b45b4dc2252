package io.hostbridge.binding.amqp;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Inject;

/** The AMQP agent for {@code GET /api/v1/metrics}: connected or not, requests running and waiting, streams. */
final class AmqpMeters implements MeterBinder {
    private final AmqpAgent agent;

    @Inject
    AmqpMeters(AmqpAgent agent) {
        this.agent = agent;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("hostbridge.amqp.connected", agent, a -> a.state().connected() ? 1 : 0)
                .description("1 while the agent is connected to its broker").register(registry);
        Gauge.builder("hostbridge.amqp.requests.running", agent, AmqpAgent::running)
                .description("AMQP requests running").register(registry);
        Gauge.builder("hostbridge.amqp.requests.waiting", agent, AmqpAgent::waiting)
                .description("AMQP requests waiting for a worker").register(registry);
        Gauge.builder("hostbridge.amqp.streams", agent, AmqpAgent::streams)
                .description("data streams carried over AMQP").register(registry);
    }
}
