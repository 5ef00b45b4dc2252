package io.hostbridge.bridge;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.bridge.stream.StreamHub;
import io.hostbridge.events.Subscription;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one API of the agent, as bindings see it. A binding decodes its wire format into a {@link Transport} (how
 * the call came in) plus a verb and named parameters, hands them over, and encodes the neutral result or the
 * error. Every call passes the call pipeline ({@link CallStage}): identity, flow id, access log, metrics, error
 * ids, access check; a binding never decides who the caller is, never checks access and never logs errors under
 * ids itself.
 *
 * <p>Neutral values are what JSON can express: {@code Map<String,?>}, {@code List<?>}, String, Long or
 * Integer, Double, Boolean and null. Parameters may also use {@code Object[]} for lists.
 */
public interface Bridge {

    /**
     * Runs a verb: validates {@code params} against its declaration, checks the caller's access level, runs it
     * and returns its result as a neutral value ({@code null} for a verb without result).
     *
     * @throws io.hostbridge.api.BridgeException with a stable code for every failure; an unexpected one is
     *                                          logged under an error id and reported as code 100 with the id
     */
    default Object call(Transport transport, String verb, Map<String, ?> params) {
        return call(transport, verb, params, Function.identity());
    }

    /**
     * Runs a verb as {@link #call(Transport, String, Map)} does, and encodes its result with {@code encode}
     * inside the call, so that a failure to encode is reported like any other.
     */
    <T> T call(Transport transport, String verb, Map<String, ?> params, Function<Object, T> encode);

    /**
     * Subscribes a caller to events: {@code topics} is a comma-separated list of patterns ({@code *} one
     * segment, {@code #} any number; all topics when null or blank), {@code afterSeq} a resume point or
     * null for live events only. Passes the pipeline like a verb that needs read access.
     *
     * @throws io.hostbridge.api.BridgeException {@link io.hostbridge.api.ErrorCode#INVALID_PARAMETER} naming
     *                                          {@code topics} or {@code afterSeq}
     */
    Subscription subscribe(Transport transport, String topics, Long afterSeq);

    /**
     * Runs work that is not a verb (reading the schema or the metrics) as a call named {@code operation}.
     *
     * @param required the access level it needs
     */
    <T> T run(Transport transport, String operation, AccessLevel required, Supplier<T> work);

    /**
     * Starts a call whose work the binding does itself over several steps (an image data request streaming its
     * body): the pipeline's way in runs now, its way out when the returned call ends.
     *
     * @param operation a fixed name (it labels metrics), e.g. {@code images.get}
     * @param required  the access level it needs; null when the work authorizes itself (it carries a ticket)
     */
    OpenCall open(Transport transport, String operation, AccessLevel required);

    /** The data streams that stream verbs open, for the bindings that carry their packets. */
    StreamHub streams();

    /** Every verb, type and event of the API: what bindings dispatch from. */
    ApiModel api();

    /** The machine-readable schema generated from {@link #api()}, as a neutral value. */
    Map<String, Object> schema();

    /** The id of the host this agent serves. */
    String hostId();

    /** A bridge with its call pipeline, assembled by hand (tests, benchmarks); the agent uses its Guice module. */
    static BridgeBuilder builder() {
        return new BridgeBuilder();
    }
}
