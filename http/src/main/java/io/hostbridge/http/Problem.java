package io.hostbridge.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.hostbridge.api.ErrorCode;
import java.io.IOException;
import org.glassfish.grizzly.http.server.Response;

/**
 * The listener's own refusals (too large, a browser's request, a WebSocket path asked for something else), as
 * RFC 9457 problem details like the REST binding's, written before any route runs.
 */
final class Problem {
    static final String MEDIA_TYPE = "application/problem+json";
    /** The listener's answer at capacity: the same every time. */
    private static final String BUSY = json(503, ErrorCode.RESOURCE_EXHAUSTED.code(),
            ErrorCode.RESOURCE_EXHAUSTED.wireName(), "Too many requests", HttpRoute.Busy.MESSAGE);

    private Problem() {
    }

    static void write(Response response, int status, int code, String name, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setHeader("Connection", "close");
        response.setContentType(MEDIA_TYPE);
        response.getWriter().write(json(status, code, name, title, detail));
    }

    /** 503 with {@code Retry-After}: the listener is at capacity (code 1100); see {@link HttpRoute.Busy}. */
    static void busy(Response response) throws IOException {
        response.setStatus(503);
        response.setHeader("Retry-After", Integer.toString(HttpRoute.Busy.RETRY_AFTER_SECONDS));
        response.setContentType(MEDIA_TYPE);
        response.getWriter().write(BUSY);
    }

    /** The problem document. */
    static String json(int status, int code, String name, String title, String detail) {
        return "{\"type\":\"urn:hostbridge:error:" + name + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"code\":" + code + ",\"detail\":\"" + escape(detail) + "\"}";
    }

    /** A JSON string's content: quotes, backslashes and control characters escaped. */
    static String escape(String text) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(text));
    }
}
