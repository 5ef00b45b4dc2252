package io.hostbridge.bridge.internal;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.Printable;
import io.hostbridge.api.spi.CallGate;
import io.hostbridge.api.spi.Implementation;
import io.hostbridge.api.stream.StreamMode;
import io.hostbridge.api.stream.StreamRef;
import io.hostbridge.bridge.Bridge;
import io.hostbridge.bridge.Call;
import io.hostbridge.bridge.CallStage;
import io.hostbridge.bridge.EventFilters;
import io.hostbridge.bridge.OpenCall;
import io.hostbridge.bridge.Transport;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.bridge.model.SchemaWriter;
import io.hostbridge.bridge.model.VerbDef;
import io.hostbridge.bridge.stream.StreamHub;
import io.hostbridge.bridge.stream.StreamLimits;
import io.hostbridge.events.EventBus;
import io.hostbridge.events.Subscription;
import io.hostbridge.events.SubscriptionSpec;
import io.hostbridge.events.TopicFilter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generic bridge: every call enters the pipeline, then {@link Dispatch} runs the verb. Nothing here is
 * specific to a verb or a binding.
 */
public final class DefaultBridge implements Bridge {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultBridge.class);
    /** Operation name of event subscriptions in the access log and metrics. */
    static final String SUBSCRIBE = "events.subscribe";

    private final ApiModel model;
    private final Pipeline pipeline;
    private final Dispatch dispatch;
    private final EventBus events;
    private final Map<String, Object> schema;
    private final int subscriberQueue;
    private final Streams streams;

    /**
     * @param stages          the pipeline, outermost first ({@link #stages})
     * @param subscriberQueue how many events may wait for one subscriber before it loses some (and is told)
     * @param gates           consulted before every verb not served during recovery; any may refuse it
     * @param streamLimits    bounds on data streams
     */
    public DefaultBridge(ApiModel model, Collection<Implementation> implementations, EventBus events,
                         int subscriberQueue, Collection<CallGate> gates, List<CallStage> stages,
                         StreamLimits streamLimits) {
        this.model = model;
        this.pipeline = new Pipeline(stages);
        this.streams = new Streams(streamLimits, pipeline);
        this.dispatch = new Dispatch(model, implementations, gates);
        this.events = events;
        this.subscriberQueue = subscriberQueue;
        this.schema = SchemaWriter.write(model);
    }

    /**
     * The pipeline's stages in their order: who calls, its flow id, then the access log and metrics (which see
     * every outcome, refusals included), error ids (so the log and metrics see the code and id the caller gets),
     * and last the access check, right before the work.
     */
    public static List<CallStage> stages(io.hostbridge.bridge.Authenticator authenticator,
                                         io.micrometer.core.instrument.MeterRegistry registry) {
        return List.of(new IdentityStage(authenticator), new FlowIdStage(), new AccessLogStage(),
                new MetricsStage(registry), new ErrorIdStage(), new AccessCheckStage());
    }

    @Override
    public <T> T call(Transport transport, String verbName, Map<String, ?> params, Function<Object, T> encode) {
        VerbDef verb = model.verbs().get(verbName);
        if (verb == null) {
            // still a call: logged and counted (under one label), then refused inside
            return pipeline.run(transport, Printable.of(verbName), Call.UNDECLARED, AccessLevel.READ, context -> {
                throw ApiModel.unknownVerb(verbName);
            });
        }
        Map<String, ?> given = params == null ? Map.of() : params;
        if (verb.stream() != StreamMode.NONE) {
            return pipeline.run(transport, verb.name(), verb.name(), verb.access(), context -> {
                StreamRef ref = streams.open(verb, context, transport.streams(),
                        () -> dispatch.invokeRaw(verb, given, context));
                try {
                    return encode.apply(dispatch.encode(ref));
                } catch (RuntimeException | Error e) {
                    streams.abandon(ref.streamId()); // the caller never learns its id
                    throw e;
                }
            });
        }
        return pipeline.run(transport, verb.name(), verb.name(), verb.access(),
                context -> encode.apply(dispatch.invoke(verb, given, context)));
    }

    @Override
    public Subscription subscribe(Transport transport, String topics, Long afterSeq) {
        return pipeline.run(transport, SUBSCRIBE, SUBSCRIBE, AccessLevel.READ, context -> {
            TopicFilter filter = EventFilters.parse("topics", topics);
            if (afterSeq != null && afterSeq < 0) {
                throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "afterSeq",
                        "Invalid parameter 'afterSeq': must not be negative");
            }
            LOG.debug("subscribe topics={} afterSeq={} flow={}", filter, afterSeq, context.flowId());
            return events.subscribe(afterSeq == null ? SubscriptionSpec.live(filter, subscriberQueue)
                    : SubscriptionSpec.resume(filter, afterSeq, subscriberQueue));
        });
    }

    @Override
    public <T> T run(Transport transport, String operation, AccessLevel required, Supplier<T> work) {
        return pipeline.run(transport, operation, operation, required, context -> work.get());
    }

    @Override
    public OpenCall open(Transport transport, String operation, AccessLevel required) {
        return pipeline.open(transport, operation, operation, required);
    }

    @Override
    public StreamHub streams() {
        return streams;
    }

    /** Ends every stream (the agent is stopping); waits up to {@code wait} for their handlers. */
    public void stopStreams(java.time.Duration wait) {
        streams.stopAll(wait);
    }

    @Override
    public ApiModel api() {
        return model;
    }

    @Override
    public Map<String, Object> schema() {
        return schema;
    }

    @Override
    public String hostId() {
        return events.hostId();
    }
}
