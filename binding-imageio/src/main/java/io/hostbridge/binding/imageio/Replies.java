package io.hostbridge.binding.imageio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hostbridge.api.transfer.TransferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Answers as imageio gives them: JSON bodies, one-line text/plain errors. */
final class Replies {
    static final ObjectMapper JSON = new ObjectMapper();

    private Replies() {
    }

    static FullHttpResponse json(Object body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        FullHttpResponse r = full(HttpResponseStatus.OK, Unpooled.wrappedBuffer(bytes));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        return r;
    }

    static FullHttpResponse empty(HttpResponseStatus status) {
        return full(status, Unpooled.EMPTY_BUFFER);
    }

    /** An error: the message as one line of text. */
    static FullHttpResponse error(HttpResponseStatus status, String message) {
        String line = message.replace('\n', ' ').replace('\r', ' ') + "\n";
        FullHttpResponse r = full(status, Unpooled.copiedBuffer(line, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8");
        return r;
    }

    /** The answer to a refused or failed transfer operation. */
    static FullHttpResponse error(TransferException e) {
        FullHttpResponse r = error(status(e.reason()), e.getMessage());
        if (e.reason() == TransferException.Reason.RANGE) {
            r.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + e.available());
        }
        return r;
    }

    static HttpResponseStatus status(TransferException.Reason reason) {
        switch (reason) {
            case FORBIDDEN:
                return HttpResponseStatus.FORBIDDEN;
            case INVALID:
                return HttpResponseStatus.BAD_REQUEST;
            case NOT_FOUND:
                return HttpResponseStatus.NOT_FOUND;
            case RANGE:
                return HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE;
            case TOO_LARGE:
                return HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
            case UNAVAILABLE:
                return HttpResponseStatus.SERVICE_UNAVAILABLE;
            default:
                return HttpResponseStatus.INTERNAL_SERVER_ERROR;
        }
    }

    private static FullHttpResponse full(HttpResponseStatus status, ByteBuf body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return r;
    }
}
