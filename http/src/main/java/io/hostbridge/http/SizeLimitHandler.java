package io.hostbridge.http;

import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.util.HttpStatus;

/**
 * Refuses a request whose declared body is larger than the cap before any route reads it. Bodies sent
 * chunked have no declared length: routes read those through {@link BoundedInputStream}.
 */
final class SizeLimitHandler extends HttpHandler {
    private final HttpHandler delegate;
    private final long maxRequestBytes;

    SizeLimitHandler(HttpHandler delegate, long maxRequestBytes) {
        super(delegate.getName());
        this.delegate = delegate;
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        if (request.getContentLengthLong() > maxRequestBytes) {
            response.setStatus(HttpStatus.REQUEST_ENTITY_TOO_LARGE_413);
            response.setHeader("Connection", "close");
            response.setContentType("application/problem+json");
            response.getWriter().write(String.format("{\"type\":\"urn:hostbridge:error:requestTooLarge\","
                    + "\"title\":\"Request too large\",\"status\":413,\"code\":5004,\"detail\":"
                    + "\"Request body of %d bytes is over the limit of %d bytes (http.maxRequestBytes)\"}",
                    request.getContentLengthLong(), maxRequestBytes));
            return;
        }
        delegate.service(request, response);
    }

    @Override
    public void start() {
        delegate.start();
    }

    @Override
    public void destroy() {
        delegate.destroy();
    }
}
