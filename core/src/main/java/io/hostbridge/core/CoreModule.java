package io.hostbridge.core;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import io.hostbridge.api.ApiCatalog;
import io.hostbridge.api.Bridge;
import io.hostbridge.api.EventPublisher;
import io.hostbridge.api.internal.CodecEventPublisher;
import io.hostbridge.api.internal.DefaultBridge;
import io.hostbridge.api.model.ApiModel;
import io.hostbridge.api.spi.CallGate;
import io.hostbridge.api.spi.HealthCheck;
import io.hostbridge.api.spi.Implementation;
import io.hostbridge.api.spi.Lifecycle;
import io.hostbridge.core.events.PersistentSequenceAllocator;
import io.hostbridge.core.host.HostIdentity;
import io.hostbridge.core.storage.VolumeUsers;
import io.hostbridge.events.EventBus;
import io.hostbridge.events.InMemoryEventBus;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;

/**
 * The bridge and what every part of the agent shares: settings, host identity, the event bus, and the
 * contribution sets ({@link Implementation}, {@link Lifecycle}, {@link HealthCheck}, {@link CallGate},
 * {@link VolumeUsers}) that other modules add to.
 */
public final class CoreModule extends AbstractModule {

    private final CoreSettings settings;

    public CoreModule(CoreSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    protected void configure() {
        bind(CoreSettings.class).toInstance(settings);
        // declared here so that they exist, possibly empty, whichever modules contribute
        Multibinder.newSetBinder(binder(), Implementation.class);
        Multibinder.newSetBinder(binder(), Lifecycle.class);
        Multibinder.newSetBinder(binder(), HealthCheck.class);
        Multibinder.newSetBinder(binder(), VolumeUsers.class);
        Multibinder.newSetBinder(binder(), CallGate.class);
    }

    @Provides
    @Singleton
    HostIdentity hostIdentity(CoreSettings settings) {
        return HostIdentity.load(settings.stateDir());
    }

    @Provides
    @Singleton
    EventBus eventBus(CoreSettings settings, HostIdentity identity) {
        return new InMemoryEventBus(identity.hostId(), settings.events(),
                new PersistentSequenceAllocator(settings.stateDir()), Clock.systemUTC());
    }

    @Provides
    @Singleton
    ApiModel apiModel() {
        return ApiCatalog.model();
    }

    @Provides
    @Singleton
    DefaultBridge defaultBridge(ApiModel model, Set<Implementation> implementations, EventBus bus,
                                Set<CallGate> gates) {
        return new DefaultBridge(model, implementations, bus, settings.events().defaultQueueCapacity(), gates);
    }

    @Provides
    @Singleton
    Bridge bridge(DefaultBridge bridge) {
        return bridge;
    }

    /** Encodes payloads with the bridge's codec, so events and results look alike on every binding. */
    @Provides
    @Singleton
    EventPublisher eventPublisher(ApiModel model, DefaultBridge bridge, EventBus bus) {
        return new CodecEventPublisher(model, bridge.codec(), bus);
    }
}
