package io.hostbridge.binding.imageio;

import io.hostbridge.api.transfer.TransferException;
import io.hostbridge.api.transfer.TransferSession;
import io.hostbridge.bridge.OpenCall;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;

/**
 * One request and its reply, on one connection: the decoded head, the connection's tickets, and the rules every
 * reply follows (keep-alive, closing when a body is left unread, re-arming the slowloris guard). Ends the request's
 * call in the pipeline when the reply is out.
 */
final class Exchange {
    private final ChannelHandlerContext ctx;
    private final HttpRequest request;
    private final QueryStringDecoder uri;
    private final boolean keepAlive;
    private final DataConnection connection;
    private final OpenCall call;  // null for a request refused before it names an operation
    private boolean readingBody;
    private boolean bodyEnded;
    private boolean answered;

    Exchange(ChannelHandlerContext ctx, HttpRequest request, DataConnection connection, OpenCall call) {
        this.ctx = ctx;
        this.request = request;
        this.uri = new QueryStringDecoder(request.uri());
        this.keepAlive = HttpUtil.isKeepAlive(request);
        this.connection = connection;
        this.call = call;
        this.bodyEnded = !hasBody(request);
    }

    ChannelHandlerContext ctx() {
        return ctx;
    }

    HttpRequest request() {
        return request;
    }

    DataConnection connection() {
        return connection;
    }

    /** The first value of a query parameter, or {@code dflt}. */
    String param(String name, String dflt) {
        List<String> values = uri.parameters().get(name);
        return values == null || values.isEmpty() ? dflt : values.get(0);
    }

    /** This connection's session on {@code ticket}. */
    TransferSession session(String ticket) {
        return connection.tickets().session(ctx, ticket);
    }

    /** The operation takes the body: its bytes go to {@link DataOperation#content}, its end to {@code end}. */
    void readBody() {
        readingBody = true;
    }

    boolean readingBody() {
        return readingBody && !answered;
    }

    /** The decoder saw the last part of the body. */
    void bodyEnded() {
        bodyEnded = true;
    }

    boolean answered() {
        return answered;
    }

    /** True when the connection cannot carry another request after this one: part of the body was not read. */
    boolean bodyUnread() {
        return !bodyEnded;
    }

    /** Answers the request: it succeeded. */
    void reply(FullHttpResponse response) {
        send(response, false);
        if (call != null) {
            call.succeeded();
        }
    }

    /** Answers a failed request with what the pipeline made of the failure. */
    void replyFailure(FullHttpResponse response, boolean close) {
        send(response, close);
    }

    private void send(FullHttpResponse response, boolean close) {
        answered = true;
        boolean closing = close || !keepAlive || bodyUnread();
        if (closing) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else {
            connectionHeader(response);
            connection.deadline().rearm();
        }
        ChannelFuture f = ctx.writeAndFlush(response);
        if (closing) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** A streamed reply is on its way: its head is written now, its body until {@code done}. */
    void streaming() {
        answered = true;
        connection.deadline().rearm();
    }

    /**
     * The streamed reply's last write; the request ends with it (the connection closes after it without
     * keep-alive).
     */
    void streamed(ChannelFuture done) {
        if (!keepAlive) {
            done.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Ends the call of a streamed reply. */
    OpenCall call() {
        return call;
    }

    /** Sets the Connection header a reply needs to keep the connection as the client asked. */
    void connectionHeader(HttpResponse response) {
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    static TransferException invalid(String message) {
        return TransferException.of(TransferException.Reason.INVALID, message);
    }

    private static boolean hasBody(HttpRequest request) {
        return HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0;
    }
}
