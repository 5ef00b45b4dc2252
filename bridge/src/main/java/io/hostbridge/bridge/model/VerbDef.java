package io.hostbridge.bridge.model;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.stream.StreamMode;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One verb as declared: everything a binding needs to dispatch it and the schema needs to describe it.
 *
 * @param servedDuringRecovery true when recovery gates let it through ({@code ApiVerb.servedDuringRecovery})
 * @param result the result type, or null for a verb that returns nothing
 * @param method the declaring interface method, invoked on the namespace's implementation
 * @param stream whether the verb opens a data stream; a stream verb's result is a {@code StreamRef}
 * @param rest its REST resource, or null for a verb reached only through the generic routes
 */
public record VerbDef(String name, String namespace, String description, AccessLevel access, String since,
                      boolean deprecated, boolean servedDuringRecovery, List<ErrorCode> errors, List<ParamDef> params,
                      TypeRef result, Method method, StreamMode stream, RestRoute rest) {
    public VerbDef {
        errors = List.copyOf(errors);
        params = List.copyOf(params);
        java.util.Objects.requireNonNull(stream, "stream");
    }

    /** The parameter of that name, if the verb has one. */
    public java.util.Optional<ParamDef> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /**
     * Names positional arguments in declaration order, for protocols that pass arrays (JSON-RPC with
     * array params, XML-RPC). Fewer arguments than parameters leave the rest out.
     */
    public Map<String, Object> namePositional(List<?> args) {
        if (args.size() > params.size()) {
            throw BridgeException.of(ErrorCode.INVALID_PARAMETER, name + " takes at most " + params.size()
                    + " parameters, got " + args.size());
        }
        Map<String, Object> named = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            named.put(params.get(i).name(), args.get(i));
        }
        return named;
    }
}
