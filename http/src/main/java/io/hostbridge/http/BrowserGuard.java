package io.hostbridge.http;

import io.hostbridge.api.Printable;
import java.util.Locale;
import java.util.Set;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * Keeps web pages from driving the agent through a browser that can reach it: a request that {@link BrowserRules}
 * refuses gets 403, and so does a body without its protocol's media type 415 (a page may post {@code text/plain}
 * anywhere without asking first, never {@code application/json} or {@code text/xml}).
 */
final class BrowserGuard extends GuardHandler {
    private final Set<String> bodyTypes;
    private final BrowserRules rules;
    private final int localPort;

    /** @param localPort the local listener's port: requests through the unix socket may name any host */
    BrowserGuard(HttpHandler delegate, Set<String> bodyTypes, BrowserRules rules, int localPort) {
        super(delegate);
        this.bodyTypes = bodyTypes;
        this.rules = rules;
        this.localPort = localPort;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        String refusal = rules.refusal(request.getHeader("Origin"), request.getHeader("Host"),
                request.getLocalPort() == localPort);
        if (refusal != null) {
            Problem.write(response, 403, 5003, "accessDenied", "Access denied", refusal);
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
}
