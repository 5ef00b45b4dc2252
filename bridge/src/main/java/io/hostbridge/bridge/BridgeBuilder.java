package io.hostbridge.bridge;

import io.hostbridge.api.spi.CallGate;
import io.hostbridge.api.spi.Implementation;
import io.hostbridge.bridge.internal.DefaultBridge;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.bridge.stream.StreamLimits;
import io.hostbridge.events.EventBus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** Builds a bridge with its call pipeline: what {@code BridgeModule} does, for tests and benchmarks. */
public final class BridgeBuilder {
    /** Default per-subscriber queue, in events. */
    public static final int DEFAULT_SUBSCRIBER_QUEUE = 1000;

    private ApiModel model;
    private final List<Implementation> implementations = new ArrayList<>();
    private EventBus events;
    private int subscriberQueue = DEFAULT_SUBSCRIBER_QUEUE;
    private final List<CallGate> gates = new ArrayList<>();
    private Authenticator authenticator = Authenticator.everyoneIsAdmin();
    private Metrics metrics;
    private StreamLimits streamLimits = StreamLimits.DEFAULTS;

    BridgeBuilder() {
    }

    public BridgeBuilder model(ApiModel apiModel) {
        this.model = apiModel;
        return this;
    }

    public BridgeBuilder implementations(Collection<Implementation> impls) {
        implementations.addAll(impls);
        return this;
    }

    public BridgeBuilder implementation(Implementation impl) {
        implementations.add(impl);
        return this;
    }

    public BridgeBuilder events(EventBus bus) {
        this.events = bus;
        return this;
    }

    /** How many events may wait for one subscriber before it loses some (and is told). */
    public BridgeBuilder subscriberQueue(int events) {
        this.subscriberQueue = events;
        return this;
    }

    public BridgeBuilder gates(Collection<CallGate> callGates) {
        gates.addAll(callGates);
        return this;
    }

    public BridgeBuilder authenticator(Authenticator who) {
        this.authenticator = Objects.requireNonNull(who, "authenticator");
        return this;
    }

    public BridgeBuilder metrics(Metrics meters) {
        this.metrics = meters;
        return this;
    }

    /** Bounds on data streams. */
    public BridgeBuilder streamLimits(StreamLimits limits) {
        this.streamLimits = Objects.requireNonNull(limits, "limits");
        return this;
    }

    public Bridge build() {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(events, "events");
        Metrics meters = metrics != null ? metrics : Metrics.standalone();
        return new DefaultBridge(model, implementations, events, subscriberQueue, gates,
                DefaultBridge.stages(authenticator, meters.registry()), streamLimits);
    }
}
