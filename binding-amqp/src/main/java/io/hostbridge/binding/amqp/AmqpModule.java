package io.hostbridge.binding.amqp;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import io.hostbridge.api.spi.HealthCheck;
import io.hostbridge.api.spi.Lifecycle;
import io.micrometer.core.instrument.binder.MeterBinder;

/** The AMQP agent ({@code amqp.enabled}): JSON-RPC, events and presence over an AMQP 1.0 broker. */
public final class AmqpModule extends AbstractModule {
    private final AmqpSettings settings;

    public AmqpModule(AmqpSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(AmqpSettings.class).toInstance(settings);
        bind(AmqpAgent.class);
        Multibinder.newSetBinder(binder(), Lifecycle.class).addBinding().to(AmqpAgent.class);
        Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(AmqpHealthCheck.class);
        Multibinder.newSetBinder(binder(), MeterBinder.class).addBinding().to(AmqpMeters.class);
    }
}
