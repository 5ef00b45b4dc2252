package io.hostbridge.bridge;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import io.hostbridge.api.ApiCatalog;
import io.hostbridge.api.EventPublisher;
import io.hostbridge.api.spi.CallGate;
import io.hostbridge.api.spi.HealthCheck;
import io.hostbridge.api.spi.Implementation;
import io.hostbridge.api.spi.Lifecycle;
import io.hostbridge.bridge.internal.DefaultBridge;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.events.EventBus;
import java.util.Set;

/**
 * The bridge runtime: the model, the bridge every binding calls, the event publisher, and the contribution sets
 * ({@link Implementation}, {@link Lifecycle}, {@link HealthCheck}, {@link CallGate}) other modules add to. The
 * {@link EventBus} comes from the core.
 */
public final class BridgeModule extends AbstractModule {
    private final int subscriberQueue;

    /** @param subscriberQueue how many events may wait for one subscriber before it loses some (and is told) */
    public BridgeModule(int subscriberQueue) {
        this.subscriberQueue = subscriberQueue;
    }

    @Override
    protected void configure() {
        // declared here so that they exist, possibly empty, whichever modules contribute
        Multibinder.newSetBinder(binder(), Implementation.class);
        Multibinder.newSetBinder(binder(), Lifecycle.class);
        Multibinder.newSetBinder(binder(), HealthCheck.class);
        Multibinder.newSetBinder(binder(), CallGate.class);
    }

    @Provides
    @Singleton
    ApiModel apiModel() {
        return ApiModel.read(ApiCatalog.VERSION, ApiCatalog.NAMESPACES);
    }

    @Provides
    @Singleton
    Bridge bridge(ApiModel model, Set<Implementation> implementations, EventBus bus, Set<CallGate> gates) {
        return new DefaultBridge(model, implementations, bus, subscriberQueue, gates);
    }

    /** Encodes payloads with the bridge's codec rules, so events and results look alike on every binding. */
    @Provides
    @Singleton
    EventPublisher eventPublisher(ApiModel model, EventBus bus) {
        return new CodecEventPublisher(model, bus);
    }
}
