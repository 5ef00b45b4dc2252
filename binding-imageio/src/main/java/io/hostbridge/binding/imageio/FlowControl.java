package io.hostbridge.binding.imageio;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
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
    private final BodyBlocks blocks;
    private volatile Channel channel;
    // network thread only: the request being read, and the bytes of its body read so far
    private HttpRequest request;
    private long bodyRead;
    // network thread only: body bytes read into a block and not yet passed on, at block offsets [heldFrom, heldTo)
    private final int passAt;
    private BodyBlocks.Block held;
    private int heldFrom;
    private int heldTo;

    FlowControl(long limit, BodyBlocks blocks) {
        this.limit = limit;
        this.blocks = blocks;
        this.passAt = (int) Math.max(1, Math.min(BodyBlocks.BLOCK, limit / 2));
    }

    /** The blocks this connection reads bodies into, or null (TLS: the decrypted bytes are in buffers of its own). */
    BodyBlocks blocks() {
        return blocks;
    }

    /**
     * Called by the request thread: the rest of {@code request}'s body, {@code length} bytes from image offset
     * {@code offset}, is to be read into blocks. Runs on the network thread before anything the caller writes
     * after it (a 100 Continue), and not at all if the connection has gone on to another request.
     */
    void readBodyIntoBlocks(HttpRequest request, long offset, long length) {
        Channel c = channel;
        if (blocks == null || c == null) {
            return;
        }
        c.eventLoop().execute(() -> {
            if (this.request == request && bodyRead < length) {
                blocks.bodyFollows(offset + bodyRead, length - bodyRead);
            }
        });
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest r) {
            request = r;
            bodyRead = 0;
            if (blocks != null) {
                blocks.bodyEnds();
            }
        }
        if (msg instanceof HttpContent content) {
            int bytes = content.content().readableBytes();
            bodyRead += bytes;
            boolean full = pending.addAndGet(bytes) > limit;
            if (full) {
                ctx.channel().config().setAutoRead(false);
            }
            if (blocks != null && hold(ctx, content)) {
                if (full && held != null) {
                    pass(ctx, false); // reading resumes once the request thread consumed it: it must have it all
                }
                return;
            }
        }
        if (held != null) {
            pass(ctx, false);
        }
        ctx.fireChannelRead(msg);
    }

    /** Holds {@code content} if it was read into a block (passing what is held on when due); false if it was not. */
    private boolean hold(ChannelHandlerContext ctx, HttpContent content) {
        BodyBlocks.Block in = blocks.find(content.content());
        if (in == null) {
            return false;
        }
        int offset = BodyBlocks.offset(in, content.content());
        if (held != null && (in != held || offset != heldTo)) {
            pass(ctx, false);
        }
        if (held == null) {
            held = in;
            heldFrom = offset;
            heldTo = offset;
        }
        heldTo += content.content().readableBytes();
        boolean last = content instanceof LastHttpContent;
        content.release(); // the bytes stay in the block until the request thread gives it back
        if (last || heldTo == BodyBlocks.BLOCK || heldTo - heldFrom >= passAt) {
            pass(ctx, last);
        }
        return true;
    }

    private void pass(ChannelHandlerContext ctx, boolean last) {
        ByteBuf bytes = held.buffer.retainedSlice(heldFrom, heldTo - heldFrom);
        held = null;
        ctx.fireChannelRead(last ? new DefaultLastHttpContent(bytes) : new DefaultHttpContent(bytes));
    }

    /**
     * Not passed on: the request handler has no use for it, and it runs on a request thread, so each socket read would
     * cost a hand-over to it.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        wake();
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (held != null) {
            pass(ctx, false); // what the client sent before it left is written, as with every byte before it
        }
        if (blocks != null) {
            blocks.close();
        }
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
