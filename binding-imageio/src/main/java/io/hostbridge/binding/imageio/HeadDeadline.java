package io.hostbridge.binding.imageio;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Slowloris guard, in front of the HTTP decoder: once the first byte of a request arrives, its head must
 * be complete within the timeout or the connection is closed. Idle keep-alive connections are left to the
 * idle timeout; body bytes are not timed (the request handler re-arms the guard when a request is done).
 */
final class HeadDeadline extends ChannelInboundHandlerAdapter {
    private final Duration timeout;
    private volatile boolean armed = true;
    private ScheduledFuture<?> deadline;
    private volatile ChannelHandlerContext context;

    HeadDeadline(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (armed) {
            armed = false;
            deadline = ctx.executor().schedule(() -> ctx.close(), timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelRead(msg);
    }

    /** The head of a request arrived: stop the clock (called from any thread). */
    void headReceived() {
        context.executor().execute(() -> {
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
        });
    }

    /** The request is done: the next byte starts a new head (called from any thread). */
    void rearm() {
        armed = true;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (deadline != null) {
            deadline.cancel(false);
        }
        super.channelInactive(ctx);
    }
}
