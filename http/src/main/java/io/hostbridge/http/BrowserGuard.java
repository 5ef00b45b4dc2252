package io.hostbridge.http;

import io.hostbridge.api.Printable;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * Keeps web pages from driving the agent through a browser that can reach it: a request with an {@code Origin}
 * header not on the allow-list is refused (403), so is one whose {@code Host} does not name the TCP listener (a DNS
 * rebinding page's), and a body without its protocol's media type (415: a page may post {@code text/plain} anywhere
 * without asking first, never {@code application/json} or {@code text/xml}).
 */
final class BrowserGuard extends GuardHandler {
    private final Set<String> bodyTypes;
    private final List<String> allowedOrigins;
    private final Set<String> hostNames;
    private final int localPort;

    /**
     * @param hostNames the names the TCP listener answers to (lower case); requests through the unix socket (on the
     *                  local listener's {@code localPort}) may name any host
     */
    BrowserGuard(HttpHandler delegate, Set<String> bodyTypes, List<String> allowedOrigins, Set<String> hostNames,
                 int localPort) {
        super(delegate);
        this.bodyTypes = bodyTypes;
        this.allowedOrigins = allowedOrigins;
        this.hostNames = hostNames;
        this.localPort = localPort;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        String origin = request.getHeader("Origin");
        if (origin != null && !allowedOrigins.contains(origin)) {
            Problem.write(response, 403, 5003, "accessDenied", "Access denied", "Requests from web pages of origin '"
                    + Printable.of(origin) + "' are not served (http.allowedOrigins)");
            return;
        }
        if (request.getLocalPort() != localPort && !hostNames.contains(hostOf(request.getHeader("Host")))) {
            Problem.write(response, 403, 5003, "accessDenied", "Access denied", "The Host header '"
                    + Printable.of(String.valueOf(request.getHeader("Host"))) + "' does not name this agent");
            return;
        }
        if (hasBody(request) && !bodyTypes.contains(mediaType(request.getContentType()))) {
            Problem.write(response, 415, 5005, "malformedRequest", "Malformed request", "A request body here must be "
                    + String.join(" or ", bodyTypes.stream().sorted().toList()) + ", not '"
                    + Printable.of(String.valueOf(request.getContentType())) + "'");
            return;
        }
        delegate.service(request, response);
    }

    private static boolean hasBody(Request request) {
        return request.getContentLengthLong() > 0 || "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
    }

    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    /** The host part of a Host header, lower case, without the port or IPv6 brackets; "" when absent. */
    static String hostOf(String header) {
        if (header == null) {
            return "";
        }
        String h = header.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(1, end);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }
}
