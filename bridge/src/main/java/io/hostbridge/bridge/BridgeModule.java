package io.hostbridge.bridge;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.multibindings.ProvidesIntoSet;
import io.hostbridge.api.ApiCatalog;
import io.hostbridge.api.EventPublisher;
import io.hostbridge.api.spi.CallGate;
import io.hostbridge.api.spi.HealthCheck;
import io.hostbridge.api.spi.Implementation;
import io.hostbridge.api.spi.Lifecycle;
import io.hostbridge.bridge.internal.DefaultBridge;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.bridge.stream.StreamLimits;
import io.hostbridge.events.EventBus;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The bridge runtime: the model, the bridge every binding calls with its call pipeline, the event publisher,
 * the metrics, and the contribution sets ({@link Implementation}, {@link Lifecycle}, {@link HealthCheck},
 * {@link CallGate}, {@link MeterBinder}) other modules add to. The {@link EventBus} comes from the core. The
 * {@link Authenticator} is an optional binding whose default trusts every caller as an admin.
 */
public final class BridgeModule extends AbstractModule {
    private final int subscriberQueue;
    private final StreamLimits streamLimits;

    /** @param subscriberQueue how many events may wait for one subscriber before it loses some (and is told) */
    public BridgeModule(int subscriberQueue) {
        this(subscriberQueue, StreamLimits.DEFAULTS);
    }

    /**
     * @param subscriberQueue how many events may wait for one subscriber before it loses some (and is told)
     * @param streamLimits    bounds on data streams
     */
    public BridgeModule(int subscriberQueue, StreamLimits streamLimits) {
        this.subscriberQueue = subscriberQueue;
        this.streamLimits = streamLimits;
    }

    @Override
    protected void configure() {
        // declared here so that they exist, possibly empty, whichever modules contribute
        Multibinder.newSetBinder(binder(), Implementation.class);
        Multibinder.newSetBinder(binder(), Lifecycle.class);
        Multibinder.newSetBinder(binder(), HealthCheck.class);
        Multibinder.newSetBinder(binder(), CallGate.class);
        Multibinder.newSetBinder(binder(), MeterBinder.class);
        OptionalBinder.newOptionalBinder(binder(), Authenticator.class).setDefault()
                .toInstance(Authenticator.everyoneIsAdmin());
    }

    /** The API is what the chosen modules implement: a namespace whose module is left out is not served. */
    @Provides
    @Singleton
    ApiModel apiModel(Set<Implementation> implementations) {
        return ApiModel.read(ApiCatalog.VERSION, implementations.stream().map(Implementation::api).toList());
    }

    @Provides
    @Singleton
    Metrics metrics(Set<MeterBinder> binders, EventBus bus) {
        List<MeterBinder> all = new ArrayList<>(binders);
        all.add(new EventBusMeters(bus));
        return new Metrics(all);
    }

    @Provides
    @Singleton
    Bridge bridge(ApiModel model, Set<Implementation> implementations, EventBus bus, Set<CallGate> gates,
                  Authenticator authenticator, Metrics metrics) {
        return Bridge.builder().model(model).implementations(implementations).events(bus)
                .subscriberQueue(subscriberQueue).gates(gates).authenticator(authenticator).metrics(metrics)
                .streamLimits(streamLimits).build();
    }

    /**
     * At stop, after the listeners (phase 50: they stop at 100) and before the capabilities the handlers use: ends
     * the data streams still open, so that no handler holds a volume or a qemu-nbd past the agent's life.
     */
    @ProvidesIntoSet
    Lifecycle streams(Bridge bridge) {
        return new Lifecycle() {
            @Override
            public String name() {
                return "data streams";
            }

            @Override
            public int phase() {
                return 50;
            }

            @Override
            public void start() {
            }

            @Override
            public void stop() {
                if (bridge instanceof DefaultBridge b) {
                    b.stopStreams(java.time.Duration.ofSeconds(5));
                }
            }
        };
    }

    /** Encodes payloads with the bridge's codec rules, so events and results look alike on every binding. */
    @Provides
    @Singleton
    EventPublisher eventPublisher(ApiModel model, EventBus bus) {
        return new CodecEventPublisher(model, bus);
    }
}
