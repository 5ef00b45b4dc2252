package io.hostbridge.http;

import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.util.HttpStatus;

/**
 * Refuses a request whose declared body is larger than the cap before any route reads it. Bodies sent
 * chunked have no declared length: routes read those through {@link BoundedInputStream}.
 */
final class SizeLimitHandler extends GuardHandler {
    private final long maxRequestBytes;

    SizeLimitHandler(HttpHandler delegate, long maxRequestBytes) {
        super(delegate);
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        if (request.getContentLengthLong() > maxRequestBytes) {
            Problem.write(response, HttpStatus.REQUEST_ENTITY_TOO_LARGE_413.getStatusCode(), 5004, "requestTooLarge",
                    "Request too large", "Request body of " + request.getContentLengthLong()
                            + " bytes is over the limit of " + maxRequestBytes + " bytes (http.maxRequestBytes)");
            return;
        }
        delegate.service(request, response);
    }
}
