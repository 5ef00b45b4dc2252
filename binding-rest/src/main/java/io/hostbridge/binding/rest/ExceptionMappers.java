package io.hostbridge.binding.rest;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Every failure leaves as problem+json with a code. Calls fail through the bridge's pipeline, which has already
 * given unexpected failures an error id; what fails around them (Jersey itself, writing a response) gets one here,
 * from the same {@link Problems#unexpected}.
 */
final class ExceptionMappers {
    private ExceptionMappers() {
    }

    @Provider
    static final class Bridge implements ExceptionMapper<BridgeException> {
        @Override
        public Response toResponse(BridgeException e) {
            return Problems.of(e);
        }
    }

    @Provider
    static final class Web implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (e instanceof NotFoundException) {
                return Problems.of(BridgeException.of(ErrorCode.UNKNOWN_VERB,
                        "No such resource; GET /api/v1/schema lists the verbs, POST /api/v1/rpc/{verb} calls one"));
            }
            ErrorCode code = status == 413 ? ErrorCode.REQUEST_TOO_LARGE
                    : status >= 500 ? ErrorCode.GENERAL : ErrorCode.MALFORMED_REQUEST;
            String detail = e instanceof NotAllowedException ? "Method not allowed; allowed: "
                    + e.getResponse().getAllowedMethods() : e.getResponse().getStatusInfo().getReasonPhrase();
            Response.ResponseBuilder response = Response.status(status).type(Problems.MEDIA_TYPE)
                    .entity(Problems.body(code, status, detail));
            e.getResponse().getHeaders().forEach((name, values) -> {
                if (name.equalsIgnoreCase("Allow")) {
                    values.forEach(v -> response.header(name, v));
                }
            });
            return response.build();
        }
    }

    @Provider
    static final class Unexpected implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            return Problems.of(Problems.unexpected(e));
        }
    }
}
