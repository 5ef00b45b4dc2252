package io.hostbridge.http;

import org.glassfish.grizzly.http.server.HttpHandler;

/**
 * A handler contributed to the shared HTTP listener by a binding. Each binding adds its routes to the
 * {@code Set<HttpRoute>} from its own Guice module; nothing edits a central list, and no binding depends on
 * another to share the port.
 *
 * @param name        for logs, e.g. {@code rest}
 * @param contextPath where it is mounted, e.g. {@code /api/v1} or {@code /RPC2}
 * @param handler     the Grizzly handler; it sees paths relative to the context path
 */
public record HttpRoute(String name, String contextPath, HttpHandler handler) {
    public HttpRoute {
        if (!contextPath.startsWith("/") || contextPath.endsWith("/")) {
            throw new IllegalArgumentException("contextPath must start and not end with '/': " + contextPath);
        }
    }
}
