package io.hostbridge.binding.rest;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.bridge.Bridge;
import io.hostbridge.events.Subscription;
import io.hostbridge.http.HttpCallers;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.glassfish.grizzly.http.server.Request;

/**
 * {@code GET /api/v1/events}: Server-Sent Events. Each event's id is its sequence number, so a client
 * that reconnects with {@code Last-Event-ID} resumes where it stopped (within the replay window; older
 * resume points get a {@code gap} event first).
 */
@Path("events")
@Singleton
public final class EventsResource {
    private final Bridge bridge;
    private final EventStreams streams;

    @Inject
    public EventsResource(Bridge bridge, EventStreams streams) {
        this.bridge = bridge;
        this.streams = streams;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@QueryParam("topics") String topics, @HeaderParam("Last-Event-ID") String lastEventId,
                       @QueryParam("afterSeq") String afterSeq, @Context SseEventSink sink, @Context Sse sse,
                       @Context Request request) {
        // the header wins: browsers' EventSource sends it on reconnect, replacing the URL's first position
        Long resume = lastEventId != null ? parseSeq("Last-Event-ID", lastEventId) : parseSeq("afterSeq", afterSeq);
        streams.reserve();
        try {
            Subscription subscription = bridge.subscribe(HttpCallers.of(request, "rest"), topics, resume);
            streams.start(subscription, sink, sse);
        } catch (RuntimeException e) {
            streams.release();
            throw e;
        }
    }

    private static Long parseSeq(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long seq = Long.parseLong(value.strip());
            if (seq >= 0) {
                return seq;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, name,
                "Invalid parameter '" + name + "': expected a sequence number (a non-negative integer)");
    }
}
