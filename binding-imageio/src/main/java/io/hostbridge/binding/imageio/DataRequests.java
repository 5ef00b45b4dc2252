package io.hostbridge.binding.imageio;

import io.hostbridge.api.transfer.TransferException;
import io.hostbridge.bridge.Bridge;
import io.hostbridge.bridge.ErrorIds;
import io.hostbridge.bridge.OpenCall;
import io.hostbridge.bridge.Transport;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decoder of one data connection: routes each request to its {@link DataOperation}, runs it as a call through
 * the bridge's pipeline (logged, measured, failures with error ids), feeds it the body, and answers its failure.
 * Runs on a request thread (never a network thread), one message at a time per connection, so operations may block
 * on the transfer API.
 */
final class DataRequests extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(DataRequests.class);

    private final Bridge bridge;
    private final DataConnection connection;
    private Exchange exchange;
    private DataOperation operation;

    DataRequests(Bridge bridge, DataConnection connection) {
        this.bridge = bridge;
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest request) {
                connection.deadline().headReceived();
                begin(ctx, request);
            }
            if (msg instanceof HttpContent content) {
                int bytes = content.content().readableBytes();
                try {
                    body(content);
                } finally {
                    connection.flow().consumed(bytes);
                }
            }
        } catch (RuntimeException | Error e) {
            failed(ctx, e);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void begin(ChannelHandlerContext ctx, HttpRequest request) {
        exchange = null;
        operation = null;
        if (request.decoderResult().isFailure()) {
            reject(ctx, HttpResponseStatus.BAD_REQUEST, "Invalid request: " + request.decoderResult().cause().getMessage());
            return;
        }
        Route route = Route.of(new QueryStringDecoder(request.uri()).path());
        HttpMethod method = request.method();
        LOG.debug("{} {} {}", connection.transport(), method, route.kind());
        if (route.kind() == Route.Kind.UNKNOWN) {
            answerOutsideACall(ctx, request, Replies.error(HttpResponseStatus.NOT_FOUND, "No such resource "
                    + new QueryStringDecoder(request.uri()).path()));
            return;
        }
        if (!route.kind().methods.contains(method)) {
            FullHttpResponse r = Replies.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method " + method
                    + " is not allowed here");
            r.headers().set(HttpHeaderNames.ALLOW, route.kind().allow);
            answerOutsideACall(ctx, request, r);
            return;
        }
        operation = Operations.of(route, method);
        // a data request carries its authority (the ticket in its path): no access level is needed
        OpenCall call = bridge.open(transport(ctx), operation.name(), null);
        exchange = new Exchange(ctx, request, connection, call);
        operation.start(exchange);
    }

    private void body(HttpContent content) {
        if (exchange == null) {
            return; // the request was refused before it became an operation; its body is discarded
        }
        boolean last = content instanceof LastHttpContent;
        if (last) {
            exchange.bodyEnded();
        }
        if (exchange.readingBody()) {
            if (content.content().isReadable()) {
                operation.content(exchange, content.content());
            }
            if (last && exchange.readingBody()) {
                operation.end(exchange);
            }
        }
    }

    /** Answers a request that failed: what the pipeline made of the failure, and the connection closed if needed. */
    private void failed(ChannelHandlerContext ctx, Throwable failure) {
        if (operation != null) {
            operation.abort();
        }
        RuntimeException reported = exchange != null ? exchange.call().failed(failure)
                : ErrorIds.resolve(failure, connection.transport() + " image data request");
        if (reported instanceof TransferException e) {
            // the core's messages never hold the ticket id (the data URL's secret), so they may be logged
            LOG.debug("{} request failed: {}", connection.transport(), e.getMessage());
        }
        boolean close = !(reported instanceof TransferException e) || e.reason() == TransferException.Reason.FORBIDDEN
                || e.reason() == TransferException.Reason.FAILED || exchange == null || exchange.bodyUnread();
        if (!ctx.channel().isActive()) {
            return;
        }
        FullHttpResponse response = reported instanceof TransferException e ? Replies.error(e)
                : Replies.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, reported.getMessage());
        if (exchange != null) {
            exchange.replyFailure(response, close);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, "close");
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** A request the decoder could not read: answered and closed. */
    private void reject(ChannelHandlerContext ctx, HttpResponseStatus status, String message) {
        FullHttpResponse r = Replies.error(status, message);
        r.headers().set(HttpHeaderNames.CONNECTION, "close");
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }

    /** A request refused before it names an operation (unknown resource, method): no call, no ticket. */
    private void answerOutsideACall(ChannelHandlerContext ctx, HttpRequest request, FullHttpResponse response) {
        new Exchange(ctx, request, connection, null).reply(response);
    }

    /** The peer in one word: {@code tcp:address:port}, or {@code unix} (a unix socket's peer has no address). */
    private Transport transport(ChannelHandlerContext ctx) {
        String peer = ctx.channel().remoteAddress() instanceof InetSocketAddress a
                ? ":" + a.getHostString() + ":" + a.getPort() : "";
        return Transport.of("imageio", connection.transport() + peer, null);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            LOG.debug("{} connection {} idle for {}: closing", connection.transport(), ctx.channel().id(),
                    connection.tickets().idleTimeout());
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (operation != null) {
            operation.abort();
        }
        connection.tickets().closeAll();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("{} connection {} failed: {}", connection.transport(), ctx.channel().id(), cause.toString());
        ctx.close();
    }
}
