package io.hostbridge.http;

import io.hostbridge.api.ErrorCode;
import java.io.IOException;
import java.util.Set;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * A handler contributed to the shared HTTP listener by a binding. Each binding adds its routes to the
 * {@code Set<HttpRoute>} from its own Guice module; nothing edits a central list, and no binding depends on
 * another to share the port.
 *
 * @param name        for logs, e.g. {@code rest}
 * @param contextPath where it is mounted, e.g. {@code /api/v1} or {@code /RPC2}
 * @param handler     the Grizzly handler; it sees paths relative to the context path
 * @param bodyTypes   the media types a request body must have (its protocol's, e.g. {@code application/json}):
 *                    anything else, such as the {@code text/plain} a web page may post without asking, is refused
 * @param busy        how the route answers a request the listener has no room for (see {@link Busy})
 */
public record HttpRoute(String name, String contextPath, HttpHandler handler, Set<String> bodyTypes, Busy busy) {
    /** A route whose callers, when the listener is at capacity, get {@link Busy#PROBLEM}. */
    public HttpRoute(String name, String contextPath, HttpHandler handler, Set<String> bodyTypes) {
        this(name, contextPath, handler, bodyTypes, Busy.PROBLEM);
    }

    public HttpRoute {
        if (!contextPath.startsWith("/") || contextPath.endsWith("/")) {
            throw new IllegalArgumentException("contextPath must start and not end with '/': " + contextPath);
        }
        if (bodyTypes.isEmpty()) {
            throw new IllegalArgumentException("a route names the media types of its request bodies");
        }
        bodyTypes = Set.copyOf(bodyTypes);
    }

    /**
     * The answer to a request refused because the listener is at capacity (VDSM's code 1100), in the route's own
     * protocol. It runs on the listener's own thread, so it writes a few bytes and never blocks; the request's body
     * is not read, and the connection stays open for the caller's retry ({@link #RETRY_AFTER_SECONDS} later).
     */
    @FunctionalInterface
    public interface Busy {
        /** What a refused caller is told to wait before trying again ({@code Retry-After}, in seconds). */
        int RETRY_AFTER_SECONDS = 1;
        /** What a caller refused for capacity is told (with code 1100). */
        String MESSAGE = ErrorCode.RESOURCE_EXHAUSTED.message() + "; try again in " + RETRY_AFTER_SECONDS + " s";
        /** HTTP 503 with {@code Retry-After} and a problem document with code 1100. */
        Busy PROBLEM = (request, response) -> Problem.busy(response);

        void answer(Request request, Response response) throws IOException;
    }
}
