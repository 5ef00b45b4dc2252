package io.hostbridge.binding.xmlrpc;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.Printable;
import io.hostbridge.bridge.Bridge;
import io.hostbridge.bridge.Transport;
import io.hostbridge.bridge.model.VerbDef;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the bridge for one XML-RPC method call and answers with the status envelope, never a fault: VDSM's
 * callers look at {@code status.code}.
 *
 * <p>A method name is either a legacy VDSM name from {@link LegacyNames} (its positional order and payload
 * key come from the table) or any verb's own {@code Namespace.verb} name, taking the arguments in the
 * verb's declaration order, with the result under {@link #RESULT_KEY}. Verbs without result reply with the
 * status alone.
 */
final class Dispatcher {
    /** Payload key for verbs called by their namespaced name. */
    static final String RESULT_KEY = "result";
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final Bridge bridge;
    private final Arguments arguments;
    private final Map<String, LegacyNames.Entry> legacyNames;

    @Inject
    Dispatcher(Bridge bridge) {
        this(bridge, LegacyNames.all());
    }

    /**
     * Serves the legacy names whose verbs the agent serves (a module left out takes its legacy names along).
     *
     * @throws IllegalStateException when a served entry does not fit the bridge's API
     */
    Dispatcher(Bridge bridge, List<LegacyNames.Entry> table) {
        List<LegacyNames.Entry> legacyNames = LegacyNames.servedBy(bridge.api(), table);
        List<String> problems = LegacyNames.problems(bridge.api(), legacyNames);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("XML-RPC legacy names do not fit the API: " + problems);
        }
        this.bridge = bridge;
        this.arguments = new Arguments(bridge.api());
        this.legacyNames = legacyNames.stream()
                .collect(Collectors.toUnmodifiableMap(LegacyNames.Entry::name, Function.identity()));
    }

    /**
     * The reply envelope for {@code method} called with positional {@code args}. The reply is made inside the
     * call, so a value that cannot be sent is reported (under an error id) like any other failure.
     */
    Map<String, Object> call(String method, List<?> args, Transport transport) {
        try {
            Target target = resolve(method, args);
            if (target == null) {
                // the bridge refuses it as an unknown verb, logged like any call; the reply names both kinds of name
                return bridge.call(transport, method, Map.of(), result -> Envelope.success(null, result));
            }
            Map<String, Object> params = arguments.decode(target.verb(), target.named());
            return bridge.call(transport, target.verb().name(), params,
                    result -> Envelope.success(target.payloadKey(), result));
        } catch (BridgeException e) {
            return Envelope.failure(e.code(), e.error() == ErrorCode.UNKNOWN_VERB ? unknown(method) : e.getMessage());
        }
    }

    private static String unknown(String method) {
        return "Unknown method '" + Printable.of(method)
                + "': neither a VDSM name this agent maps nor a Namespace.verb name (see docs/xmlrpc.md)";
    }

    /** The verb a method name calls, its arguments by name, and where its result goes in the reply. */
    private record Target(VerbDef verb, Map<String, Object> named, String payloadKey) {
    }

    /** Null when the name is neither a legacy name nor a verb. */
    private Target resolve(String method, List<?> args) {
        LegacyNames.Entry legacy = legacyNames.get(method);
        if (legacy != null) {
            VerbDef verb = bridge.api().requireVerb(legacy.verb());
            return new Target(verb, legacy.namedArguments(args), legacy.payloadKey());
        }
        return bridge.api().verb(method)
                .map(verb -> new Target(verb, verb.namePositional(args), verb.result() == null ? null : RESULT_KEY))
                .orElse(null);
    }
}
