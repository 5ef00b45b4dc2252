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

/**
 * {@code PUT /images/{ticket}} with {@code Content-Length}, an optional {@code Content-Range} and
 * {@code flush=y|n}: the body is written at its offset as it arrives, in the bounded chunks flow control lets in.
 */
final class UploadOperation extends HoldingOperation {
    private final String ticket;
    private TransferOperation writing;
    private long position;
    private boolean flushAtEnd;

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
        for (ByteBuffer b : bytes.nioBuffers()) {
            int n = b.remaining();
            writing.write(position, b);
            position += n;
        }
    }

    @Override
    public void end(Exchange exchange) {
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
