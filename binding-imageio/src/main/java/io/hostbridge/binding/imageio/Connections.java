package io.hostbridge.binding.imageio;

import io.hostbridge.api.transfer.ImageTransfers;
import io.hostbridge.bridge.Bridge;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.EventExecutorGroup;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sets up each accepted connection: idle timeout, slowloris guard, HTTP codec and flow control on the
 * network thread; the request handler on a request thread. Connections beyond the limit get a 503.
 */
final class Connections extends ChannelInitializer<Channel> {
    private static final int MAX_INITIAL_LINE = 8192;
    private static final int MAX_HEADER_SIZE = 16384;

    private final Bridge bridge;
    private final ImageTransfers transfers;
    private final ImageioSettings settings;
    private final EventExecutorGroup requestThreads;
    private final String transport;
    private final AtomicInteger open;
    private final SslContext tls;

    Connections(Bridge bridge, ImageTransfers transfers, ImageioSettings settings, EventExecutorGroup requestThreads,
                String transport, AtomicInteger open, SslContext tls) {
        this.tls = tls;
        this.bridge = bridge;
        this.transfers = transfers;
        this.settings = settings;
        this.requestThreads = requestThreads;
        this.transport = transport;
        this.open = open;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        if (open.incrementAndGet() > settings.maxConnections()) {
            ch.closeFuture().addListener(f -> open.decrementAndGet());
            p.addLast(new Refuse());
            return;
        }
        ch.closeFuture().addListener(f -> open.decrementAndGet());
        if (tls != null) {
            p.addLast("tls", tls.newHandler(ch.alloc()));
        }
        HeadDeadline deadline = new HeadDeadline(settings.headerTimeout());
        FlowControl flow = new FlowControl(settings.bufferSize());
        p.addLast("idle", new IdleStateHandler(true, 0, 0, settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        p.addLast("deadline", deadline);
        p.addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, settings.bufferSize()));
        p.addLast("flow", flow);
        p.addLast(requestThreads, "image", new DataRequests(bridge, new DataConnection(transfers, settings, transport,
                flow, deadline, new ConnectionTickets(transfers, settings.idleTimeout()))));
    }

    /** Answers 503 and closes: too many connections. */
    private static final class Refuse extends ChannelInboundHandlerAdapter {
        private static final byte[] BUSY = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
                + "Content-Length: 21\r\nConnection: close\r\n\r\nToo many connections\n").getBytes(StandardCharsets.US_ASCII);

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(BUSY)).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
