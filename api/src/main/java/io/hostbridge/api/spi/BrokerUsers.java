package io.hostbridge.api.spi;

import io.hostbridge.api.AccessLevel;
import java.util.Optional;

/**
 * What the users a message broker validated may do. The broker authenticates each client (by certificate or
 * password) and stamps the user's name on every request it carries; this says which access level that name has
 * now. The agent's trust implements it (for its embedded broker, or from a mapping for an external one); without
 * it, a broker user may do nothing.
 */
public interface BrokerUsers {

    /** The access level of the user the broker validated as {@code name}; empty when the agent does not know it. */
    Optional<AccessLevel> access(String name);
}
