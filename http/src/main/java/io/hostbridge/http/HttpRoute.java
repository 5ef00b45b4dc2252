package io.hostbridge.http;

import java.util.Set;
import org.glassfish.grizzly.http.server.HttpHandler;

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
 */
public record HttpRoute(String name, String contextPath, HttpHandler handler, Set<String> bodyTypes) {
    public HttpRoute {
        if (!contextPath.startsWith("/") || contextPath.endsWith("/")) {
            throw new IllegalArgumentException("contextPath must start and not end with '/': " + contextPath);
        }
        if (bodyTypes.isEmpty()) {
            throw new IllegalArgumentException("a route names the media types of its request bodies");
        }
        bodyTypes = Set.copyOf(bodyTypes);
    }
}
