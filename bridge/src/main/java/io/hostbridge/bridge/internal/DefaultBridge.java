package io.hostbridge.bridge.internal;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.bridge.Bridge;
import io.hostbridge.api.BridgeException;
import io.hostbridge.bridge.CallContext;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.bridge.EventFilters;
import io.hostbridge.api.Printable;
import io.hostbridge.bridge.ValueCodec;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.bridge.model.ParamDef;
import io.hostbridge.bridge.model.SchemaWriter;
import io.hostbridge.bridge.model.VerbDef;
import io.hostbridge.api.spi.CallGate;
import io.hostbridge.api.spi.Implementation;
import io.hostbridge.events.EventBus;
import io.hostbridge.events.Subscription;
import io.hostbridge.events.SubscriptionSpec;
import io.hostbridge.events.TopicFilter;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generic bridge: for every call it looks the verb up in the model, checks access, validates and
 * decodes the parameters, invokes the namespace implementation and encodes the result. Nothing here is
 * specific to a verb.
 */
public final class DefaultBridge implements Bridge {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultBridge.class);
    /** Default per-subscriber queue, in events. */
    public static final int DEFAULT_SUBSCRIBER_QUEUE = 1000;

    private final ApiModel model;
    private final ValueCodec codec;
    private final EventBus events;
    private final Map<String, Object> schema;
    private final Map<String, MethodHandle> invokers = new HashMap<>();
    private final int subscriberQueue;
    private final List<CallGate> gates;

    public DefaultBridge(ApiModel model, Collection<Implementation> implementations, EventBus events) {
        this(model, implementations, events, DEFAULT_SUBSCRIBER_QUEUE);
    }

    public DefaultBridge(ApiModel model, Collection<Implementation> implementations, EventBus events,
                         int subscriberQueue) {
        this(model, implementations, events, subscriberQueue, List.of());
    }

    /**
     * @param subscriberQueue how many events may wait for one subscriber before it loses some (and is told)
     * @param gates           consulted before every call; any may refuse it
     */
    public DefaultBridge(ApiModel model, Collection<Implementation> implementations, EventBus events,
                         int subscriberQueue, Collection<CallGate> gates) {
        this.model = model;
        this.gates = List.copyOf(gates);
        this.subscriberQueue = subscriberQueue;
        this.codec = new ValueCodec(model);
        this.events = events;
        this.schema = SchemaWriter.write(model);
        Map<Class<?>, Object> targets = new HashMap<>();
        for (Implementation impl : implementations) {
            if (targets.put(impl.api(), impl.target()) != null) {
                throw new IllegalStateException("two implementations bound for " + impl.api().getName());
            }
        }
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        for (VerbDef verb : model.verbs().values()) {
            Object target = targets.get(verb.method().getDeclaringClass());
            if (target == null) {
                throw new IllegalStateException("no implementation bound for " + verb.method().getDeclaringClass().getName()
                        + " (needed by " + verb.name() + ")");
            }
            try {
                // spread and erase once here, so each call is a cheap invokeExact (invokeWithArguments
                // would build an adapter per call)
                MethodHandle handle = lookup.unreflect(verb.method()).bindTo(target)
                        .asSpreader(Object[].class, verb.params().size())
                        .asType(MethodType.methodType(Object.class, Object[].class));
                invokers.put(verb.name(), handle);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot invoke " + verb.method(), e);
            }
        }
    }

    @Override
    public Object invoke(String verbName, Map<String, ?> params, CallContext context) {
        VerbDef verb = model.requireVerb(verbName);
        if (!context.access().allows(verb.access())) {
            throw BridgeException.of(ErrorCode.ACCESS_DENIED, verb.name() + " needs " + verb.access().wireName()
                    + " access; " + context.principal() + " has " + context.access().wireName());
        }
        for (CallGate gate : gates) {
            gate.check(verb.name());
        }
        Object[] args = decodeParams(verb, params == null ? Map.of() : params);
        if (LOG.isDebugEnabled()) {
            LOG.debug("call {} flow={} binding={} principal={} params={}", verb.name(), context.flowId(),
                    context.binding(), context.principal(), Secrets.redact(params));
        }
        Object result;
        try {
            result = (Object) invokers.get(verb.name()).invokeExact(args);
        } catch (BridgeException e) {
            throw e;
        } catch (Throwable e) {
            if (e instanceof Error && !(e instanceof StackOverflowError) && !(e instanceof AssertionError)) {
                throw (Error) e;
            }
            String errorId = UUID.randomUUID().toString();
            LOG.error("error id {}: {} failed (flow={}, binding={})", errorId, verb.name(), context.flowId(),
                    context.binding(), e);
            throw BridgeException.internal(errorId, e);
        }
        return codec.encode(result);
    }

    private Object[] decodeParams(VerbDef verb, Map<String, ?> params) {
        for (String key : params.keySet()) {
            if (verb.params().stream().noneMatch(p -> p.name().equals(key))) {
                throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, key, "Unknown parameter '"
                        + Printable.of(String.valueOf(key)) + "' for " + verb.name() + accepted(verb));
            }
        }
        Object[] args = new Object[verb.params().size()];
        for (int i = 0; i < args.length; i++) {
            ParamDef param = verb.params().get(i);
            Object raw = params.get(param.name());
            if (raw == null) {
                if (param.required()) {
                    throw BridgeException.forParameter(ErrorCode.MISSING_PARAMETER, param.name(),
                            "Missing required parameter '" + param.name() + "' for " + verb.name());
                }
                raw = param.defaultValue();
            }
            args[i] = raw == null ? null : codec.decode(param.type(), raw, param.name(), param.constraints());
        }
        return args;
    }

    private static String accepted(VerbDef verb) {
        return verb.params().isEmpty() ? " (it takes no parameters)"
                : " (accepted: " + verb.params().stream().map(ParamDef::name).collect(Collectors.joining(", ")) + ")";
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
    public Subscription subscribe(String topics, Long afterSeq, CallContext context) {
        if (!context.access().allows(AccessLevel.READ)) {
            throw BridgeException.of(ErrorCode.ACCESS_DENIED, "subscribing to events needs read access");
        }
        TopicFilter filter = EventFilters.parse("topics", topics);
        if (afterSeq != null && afterSeq < 0) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "afterSeq",
                    "Invalid parameter 'afterSeq': must not be negative");
        }
        LOG.debug("subscribe topics={} afterSeq={} flow={} binding={}", filter, afterSeq, context.flowId(),
                context.binding());
        return events.subscribe(afterSeq == null ? SubscriptionSpec.live(filter, subscriberQueue)
                : SubscriptionSpec.resume(filter, afterSeq, subscriberQueue));
    }

    @Override
    public EventBus events() {
        return events;
    }

    /** The codec, for publishing typed events with the same encoding as results. */
    public ValueCodec codec() {
        return codec;
    }
}
