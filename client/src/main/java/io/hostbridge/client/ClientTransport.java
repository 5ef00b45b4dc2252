package io.hostbridge.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/** How a client reaches the agent: one call, and events. Each way in gives the same answers. */
interface ClientTransport extends AutoCloseable {
    /**
     * Calls a verb with named parameters.
     *
     * @return the result as JSON ({@code true} or null for a verb without result)
     * @throws HostbridgeException the agent's error, or a transport failure (code 0)
     */
    JsonNode call(String verb, ObjectNode params);

    /** Events of {@code topics} after {@code afterSeq} (null: from now), to {@code listener} on a thread of its own. */
    Subscription subscribe(String topics, Long afterSeq, Consumer<Event> listener);

    /** The agent's schema (verbs, types, events, errors), where the transport can fetch it. */
    default JsonNode schema() {
        throw new UnsupportedOperationException("the schema is served over HTTP: GET /api/v1/schema");
    }

    @Override
    void close();
}
