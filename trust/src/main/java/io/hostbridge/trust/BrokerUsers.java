package io.hostbridge.trust;

import io.hostbridge.bridge.Caller;
import java.util.Optional;

/**
 * What users the message broker validated may do: the broker authenticates them (by certificate or password) and
 * stamps their name on each request; this says which caller that name is. Bound by the broker's module; without it,
 * a broker user may do nothing.
 */
public interface BrokerUsers {

    /** The caller {@code name} stands for, or empty when the agent does not know it. */
    Optional<Caller> caller(String name);
}
