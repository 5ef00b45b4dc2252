package io.hostbridge.binding.imageio;

import io.hostbridge.api.Printable;
import io.hostbridge.api.transfer.TicketOp;
import io.hostbridge.api.transfer.TransferOperation;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code PUT /images/{ticket}} with {@code Content-Length}, an optional {@code Content-Range} and
 * {@code flush=y|n}: the body is written at its offset as it arrives, in the bounded chunks flow control lets in.
 * On a connection without TLS the body is read into page-aligned blocks ({@link BodyBlocks}): a block is written
 * whole once it is full (or the body ends), from the memory the socket was read into.
 */
final class UploadOperation extends HoldingOperation {
    private static final Logger LOG = LoggerFactory.getLogger(UploadOperation.class);
    private final String ticket;
    private TransferOperation writing;
    private long position;
    private boolean flushAtEnd;
    private BodyBlocks blocks;
    // the part of a block read but not yet written: block offsets [from, to), written at image offset 'at'
    private BodyBlocks.Block block;
    private int from;
    private int to;
    private long at;

    UploadOperation(String ticket) {
        this.ticket = ticket;
    }

    @Override
    public String name() {
        return "images.put";
    }

    @Override
    public void start(Exchange exchange) {
        Operations.require(ticket);
        HttpRequest request = exchange.request();
        if (HttpUtil.isTransferEncodingChunked(request)) {
            throw Exchange.invalid("Chunked transfer encoding is not supported: send Content-Length");
        }
        String lengthHeader = request.headers().get(HttpHeaderNames.CONTENT_LENGTH);
        if (lengthHeader == null) {
            throw Exchange.invalid("Content-Length header is required");
        }
        long length = parseLength(lengthHeader);
        String contentRange = request.headers().get(HttpHeaderNames.CONTENT_RANGE);
        long offset = 0;
        if (contentRange != null) {
            offset = Ranges.contentRangeFirst(contentRange);
            if (offset < 0) {
                throw Exchange.invalid("Invalid Content-Range '" + Printable.of(contentRange)
                        + "': expecting bytes first-last/total");
            }
        }
        String flush = exchange.param("flush", "y");
        if (!flush.equals("y") && !flush.equals("n")) {
            throw Exchange.invalid("Unsupported value '" + Printable.of(flush) + "' for 'flush', expecting one of ['n', 'y']");
        }
        writing = begin(exchange, ticket, TicketOp.WRITE);
        writing.require(offset, length);
        blocks = exchange.connection().flow().blocks();
        if (blocks != null) {
            exchange.connection().flow().readBodyIntoBlocks(request, offset, length);
        }
        if (HttpUtil.is100ContinueExpected(request)) {
            exchange.ctx().writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE))
                    .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
        position = offset;
        flushAtEnd = flush.equals("y");
        exchange.readBody();
    }

    @Override
    public void content(Exchange exchange, ByteBuf bytes) {
        BodyBlocks.Block in = blocks == null ? null : blocks.find(bytes);
        if (in != null) {
            int offset = BodyBlocks.offset(in, bytes);
            if (in != block || offset != to) {
                writeBlock(false);
            }
            if (offset % BodyBlocks.PAGE == position % BodyBlocks.PAGE) {
                if (block == null) {
                    block = in;
                    from = offset;
                    to = offset;
                    at = position;
                }
                to += bytes.readableBytes();
                position += bytes.readableBytes();
                if (to == BodyBlocks.BLOCK) {
                    writeBlock(true);
                }
                return;
            }
            blocks.forget(in); // not where its image offset needs it (not expected): written as read
        }
        writeBlock(false);
        for (ByteBuffer b : bytes.nioBuffers()) {
            int n = b.remaining();
            writing.write(position, b);
            position += n;
        }
    }

    /**
     * Writes what the current block holds; {@code done}: the network thread has finished with it (it is full, or the
     * body ended), so it is read into again. Otherwise the block is forgotten: a gap came in (not expected).
     */
    private void writeBlock(boolean done) {
        BodyBlocks.Block b = block;
        if (b == null) {
            return;
        }
        block = null;
        if (to > from) {
            writing.write(at, b.memory.duplicate().limit(to).position(from));
        }
        if (done) {
            blocks.recycle(b);
        } else {
            blocks.forget(b);
        }
    }

    /**
     * The request ended early (its connection closed, or it failed): the bytes it received are written, as they would
     * have been as they arrived, unless the transfer refuses them now.
     */
    @Override
    protected void released() {
        BodyBlocks.Block b = block;
        if (b == null) {
            return;
        }
        block = null;
        blocks.forget(b);
        if (to > from) {
            try {
                writing.write(at, b.memory.duplicate().limit(to).position(from));
            } catch (RuntimeException e) {
                LOG.debug("the last {} bytes of an upload that ended early were not written: {}", to - from,
                        e.toString());
            }
        }
    }

    @Override
    public void end(Exchange exchange) {
        writeBlock(true);
        if (flushAtEnd) {
            writing.flush();
        }
        finish(exchange);
    }

    private static long parseLength(String header) {
        try {
            long length = Long.parseLong(header.trim());
            if (length >= 0) {
                return length;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Exchange.invalid("Invalid Content-Length '" + Printable.of(header) + "'");
    }
}
