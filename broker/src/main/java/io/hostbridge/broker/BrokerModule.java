package io.hostbridge.broker;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import io.hostbridge.api.spi.HealthCheck;
import io.hostbridge.api.spi.Lifecycle;

/**
 * The embedded AMQP broker, chosen when {@code broker.embedded} is true (and the AMQP agent is enabled). It needs the
 * host's {@link io.hostbridge.api.spi.HostTls} and the {@link io.hostbridge.api.spi.BrokerLogins} trust binds.
 */
public final class BrokerModule extends AbstractModule {
    private final BrokerSettings settings;

    public BrokerModule(BrokerSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(BrokerSettings.class).toInstance(settings);
        bind(EmbeddedBroker.class);
        Multibinder.newSetBinder(binder(), Lifecycle.class).addBinding().to(EmbeddedBroker.class);
        Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(BrokerHealthCheck.class);
    }
}
