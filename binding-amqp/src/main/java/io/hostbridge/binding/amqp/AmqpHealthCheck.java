package io.hostbridge.binding.amqp;

import io.hostbridge.api.spi.HealthCheck;
import jakarta.inject.Inject;

/** Healthy while the agent is connected to its broker and receiving requests. */
public final class AmqpHealthCheck implements HealthCheck {
    private final AmqpAgent agent;

    @Inject
    public AmqpHealthCheck(AmqpAgent agent) {
        this.agent = agent;
    }

    @Override
    public String name() {
        return "amqp";
    }

    @Override
    public Result check() {
        ConnectionState state = agent.state();
        return new Result(state.healthy(), state.describe());
    }
}
