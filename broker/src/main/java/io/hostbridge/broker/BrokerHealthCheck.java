package io.hostbridge.broker;

import io.hostbridge.api.spi.HealthCheck;
import jakarta.inject.Inject;

/** Reports whether the embedded broker is up. */
public final class BrokerHealthCheck implements HealthCheck {
    private final EmbeddedBroker broker;

    @Inject
    public BrokerHealthCheck(EmbeddedBroker broker) {
        this.broker = broker;
    }

    @Override
    public String name() {
        return "broker";
    }

    @Override
    public Result check() {
        return broker.running() ? Result.healthy("embedded AMQP broker on " + broker.endpoint())
                : Result.unhealthy("embedded AMQP broker on " + broker.endpoint() + " is not running");
    }
}
