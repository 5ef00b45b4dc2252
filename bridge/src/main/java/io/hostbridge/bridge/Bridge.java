package io.hostbridge.bridge;

import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.events.EventBus;
import io.hostbridge.events.Subscription;
import java.util.Map;

/**
 * The one API of the agent. Bindings decode their wire format into a verb name and named parameters,
 * call {@link #invoke}, and encode the neutral result or the {@link BridgeException}.
 *
 * <p>Neutral values are what JSON can express: {@code Map<String,?>}, {@code List<?>}, String, Long or
 * Integer, Double, Boolean and null. Parameters may also use {@code Object[]} for lists.
 */
public interface Bridge {

    /**
     * Validates {@code params} against the verb's declaration, checks the caller's access level, runs the
     * verb and returns its result as a neutral value ({@code null} for a verb without result).
     *
     * @throws BridgeException with a stable code for every failure; unexpected failures are logged under
     *                         an error id and reported as {@link ErrorCode#GENERAL}
     */
    Object invoke(String verb, Map<String, ?> params, CallContext context);

    /** Every verb, type and event of the API: what bindings dispatch from. */
    ApiModel api();

    /** The machine-readable schema generated from {@link #api()}, as a neutral value. */
    Map<String, Object> schema();

    /**
     * Subscribes a caller to events: {@code topics} is a comma-separated list of patterns ({@code *} one
     * segment, {@code #} any number; all topics when null or blank), {@code afterSeq} a resume point or
     * null for live events only. Validated and access-checked like a verb.
     *
     * @throws BridgeException {@link ErrorCode#INVALID_PARAMETER} naming {@code topics} or {@code afterSeq}
     */
    Subscription subscribe(String topics, Long afterSeq, CallContext context);

    /** The host's event bus. Only the bridge's implementation publishes. */
    EventBus events();
}
