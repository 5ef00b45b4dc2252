package io.hostbridge.binding.imageio;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the bytes of one connection in flight between the socket and the disk, in both directions. Uploads: on
 * the network thread it counts body bytes handed to the request thread and stops reading from the socket above
 * {@code limit}; the request thread reports what it wrote, and reading resumes below half the limit. Downloads:
 * the request thread waits in {@link #awaitWritable()} while the socket's outbound buffer is above its high-water
 * mark, woken from the network thread when it drains (a promise cannot be awaited on the request thread: it is
 * the handler's executor, where Netty would run the promise's listeners).
 */
final class FlowControl extends ChannelInboundHandlerAdapter {
    private final long limit;
    private final AtomicLong pending = new AtomicLong();
    private final Object drained = new Object();
    private volatile Channel channel;

    FlowControl(long limit) {
        this.limit = limit;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpContent && pending.addAndGet(((HttpContent) msg).content().readableBytes()) > limit) {
            ctx.channel().config().setAutoRead(false);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        wake();
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        wake();
        super.channelInactive(ctx);
    }

    private void wake() {
        synchronized (drained) {
            drained.notifyAll();
        }
    }

    /** Called by a request thread: returns once the connection takes more output, or is closed. */
    void awaitWritable() {
        Channel c = channel;
        synchronized (drained) {
            while (c.isActive() && !c.isWritable()) {
                try {
                    drained.wait(1000); // woken by the network thread; the timeout only bounds a missed wake-up
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Called by the request thread once {@code bytes} of body were consumed. */
    void consumed(long bytes) {
        if (pending.addAndGet(-bytes) <= limit / 2) {
            Channel c = channel;
            if (c != null && !c.config().isAutoRead()) {
                c.config().setAutoRead(true);
            }
        }
    }
}
