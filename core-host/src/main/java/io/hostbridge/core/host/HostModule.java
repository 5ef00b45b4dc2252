package io.hostbridge.core.host;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.multibindings.ProvidesIntoSet;
import io.hostbridge.api.host.HostApi;
import io.hostbridge.api.spi.HealthCheck;
import io.hostbridge.api.spi.Implementation;
import io.hostbridge.api.spi.Lifecycle;
import io.hostbridge.core.spi.VmCounts;
import oshi.SystemInfo;

/** The Host namespace: its implementation, the {@code host.stats} publisher and the state directory check. */
public final class HostModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(HostService.class).in(Singleton.class);
        bind(HostStatsPublisher.class).in(Singleton.class);
        Multibinder.newSetBinder(binder(), Lifecycle.class).addBinding().to(HostStatsPublisher.class);
        Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(StateDirHealthCheck.class);
        // the VM part sets it; without it, Host.getStats leaves the VM counts out
        OptionalBinder.newOptionalBinder(binder(), VmCounts.class);
    }

    @ProvidesIntoSet
    Implementation hostImplementation(HostService service) {
        return Implementation.of(HostApi.class, service);
    }

    @ProvidesIntoSet
    Implementation ksmImplementation(KsmService service) {
        return Implementation.of(io.hostbridge.api.host.HostKsmApi.class, service);
    }

    @ProvidesIntoSet
    Implementation networkImplementation(NetworkService service) {
        return Implementation.of(io.hostbridge.api.host.HostNetworkApi.class, service);
    }

    /** One OSHI entry point for the agent: its objects cache what they read. */
    @Provides
    @Singleton
    SystemInfo systemInfo() {
        return new SystemInfo();
    }
}
