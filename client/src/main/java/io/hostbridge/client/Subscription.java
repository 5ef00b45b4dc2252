package io.hostbridge.client;

import java.util.Optional;

/** A subscription to the agent's events; it resumes after a lost connection from the last event it delivered. */
public interface Subscription extends AutoCloseable {
    /** Sequence number of the last event delivered (or the one the subscription started after), or null. */
    Long lastSeq();

    /** Why the agent refused the subscription (bad topics, access denied), once it has; it then stops. */
    Optional<HostbridgeException> failure();

    /** Stops delivering events (one being delivered at that moment may still finish). */
    @Override
    void close();
}
