package io.hostbridge.core;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import io.hostbridge.core.events.PersistentSequenceAllocator;
import io.hostbridge.core.spi.NbdExports;
import io.hostbridge.core.spi.VolumeUsers;
import io.hostbridge.events.EventBus;
import io.hostbridge.events.InMemoryEventBus;
import java.time.Clock;
import java.util.Objects;

/**
 * What every capability shares: settings, host identity, the event bus (numbered persistently in the state
 * directory), the {@link VolumeUsers} set that capabilities holding volumes open add to, and the {@link NbdExports}
 * set that capabilities serving NBD exports add to.
 */
public final class CoreModule extends AbstractModule {

    private final CoreSettings settings;

    public CoreModule(CoreSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    protected void configure() {
        bind(CoreSettings.class).toInstance(settings);
        // declared here so that it exists, possibly empty, whichever modules contribute
        Multibinder.newSetBinder(binder(), VolumeUsers.class);
        Multibinder.newSetBinder(binder(), NbdExports.class);
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
}
