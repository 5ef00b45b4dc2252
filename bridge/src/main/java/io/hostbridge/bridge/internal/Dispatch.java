package io.hostbridge.bridge.internal;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.Printable;
import io.hostbridge.api.spi.CallGate;
import io.hostbridge.api.spi.Implementation;
import io.hostbridge.bridge.CallContext;
import io.hostbridge.bridge.ValueCodec;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.bridge.model.LazyHandle;
import io.hostbridge.bridge.model.ParamDef;
import io.hostbridge.bridge.model.VerbDef;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's innermost step for a verb: gates, validation and decoding of the parameters against the
 * declaration, the call on the namespace's implementation, and the encoding of its result.
 */
final class Dispatch {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatch.class);

    private final ValueCodec codec;
    private final Map<String, LazyHandle> invokers = new HashMap<>();
    private final List<CallGate> gates;

    Dispatch(ApiModel model, Collection<Implementation> implementations, Collection<CallGate> gates) {
        this.codec = new ValueCodec(model);
        this.gates = List.copyOf(gates);
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
                // spread and erase once, on the verb's first call, so each call is a cheap invokeExact
                // (invokeWithArguments would build an adapter per call); access is checked now
                MethodHandle direct = lookup.unreflect(verb.method()).bindTo(target);
                int arity = verb.params().size();
                invokers.put(verb.name(), new LazyHandle(() -> direct.asSpreader(Object[].class, arity)
                        .asType(MethodType.methodType(Object.class, Object[].class))));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot invoke " + verb.method(), e);
            }
        }
    }

    Object invoke(VerbDef verb, Map<String, ?> params, CallContext context) {
        return codec.encode(invokeRaw(verb, params, context));
    }

    /** Encodes a result the way {@link #invoke} does. */
    Object encode(Object result) {
        return codec.encode(result);
    }

    /** Runs the verb and returns what its implementation returned, not encoded. */
    Object invokeRaw(VerbDef verb, Map<String, ?> params, CallContext context) {
        if (!verb.servedDuringRecovery()) {
            for (CallGate gate : gates) {
                gate.check(verb.name());
            }
        }
        Object[] args = decodeParams(verb, params);
        if (LOG.isDebugEnabled()) {
            LOG.debug("call {} flow={} binding={} principal={} params={}", verb.name(), context.flowId(),
                    context.binding(), context.principal(), Secrets.redact(params));
        }
        Object result;
        try {
            result = (Object) invokers.get(verb.name()).get().invokeExact(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new UndeclaredThrowableException(e); // a checked exception the declaration does not allow
        }
        return result;
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
}
