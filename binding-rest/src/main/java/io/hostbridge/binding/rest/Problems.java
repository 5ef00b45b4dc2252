package io.hostbridge.binding.rest;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.bridge.ErrorIds;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** Encodes bridge errors as RFC 9457 problem details with the stable numeric code. */
final class Problems {
    static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    static Response of(BridgeException e) {
        int status = status(e.error().kind());
        Response.ResponseBuilder response = Response.status(status).type(MEDIA_TYPE).entity(body(e));
        String retryAfter = retryAfter(status);
        if (retryAfter != null) {
            response.header("Retry-After", retryAfter);
        }
        return response.build();
    }

    /** The {@code Retry-After} a problem of this status carries (503: try again in a second), or null. */
    static String retryAfter(int status) {
        return status == 503 ? "1" : null;
    }

    /** A failure no code of ours expected, around a REST call: logged under a new error id, which the caller gets. */
    static BridgeException unexpected(Throwable e) {
        return BridgeException.internal(ErrorIds.record("a REST request", e), e);
    }

    /** The problem document of a bridge error: its code, message, and the parameter or error id it names. */
    static Map<String, Object> body(BridgeException e) {
        Map<String, Object> body = body(e.error(), status(e.error().kind()), e.getMessage());
        if (e.parameter() != null) {
            body.put("parameter", e.parameter());
        }
        if (e.errorId() != null) {
            body.put("errorId", e.errorId());
        }
        return body;
    }

    static Map<String, Object> body(ErrorCode error, int status, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:hostbridge:error:" + error.wireName());
        body.put("title", error.message());
        body.put("status", status);
        body.put("code", error.code());
        body.put("detail", detail);
        return body;
    }

    static int status(ErrorCode.Kind kind) {
        switch (kind) {
            case INVALID:
                return 400;
            case NOT_FOUND:
                return 404;
            case CONFLICT:
                return 409;
            case DENIED:
                return 403;
            case TOO_LARGE:
                return 413;
            case UNAVAILABLE:
                return 503;
            default:
                return 500;
        }
    }
}
