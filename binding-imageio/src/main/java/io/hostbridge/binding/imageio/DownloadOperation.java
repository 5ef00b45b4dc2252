package io.hostbridge.binding.imageio;

import io.hostbridge.api.Printable;
import io.hostbridge.api.transfer.ReadableRegion;
import io.hostbridge.api.transfer.TicketOp;
import io.hostbridge.api.transfer.TransferException;
import io.hostbridge.api.transfer.TransferOperation;
import io.hostbridge.api.transfer.TransferSession;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * {@code GET /images/{ticket}} with an optional {@code Range}: the image's bytes, zero-copy from a plain file on a
 * plain connection, else (qcow2, TLS) in chunks written only while the socket takes them (bounded memory per connection).
 */
final class DownloadOperation extends HoldingOperation {
    private final String ticket;

    DownloadOperation(String ticket) {
        this.ticket = ticket;
    }

    @Override
    public String name() {
        return "images.get";
    }

    @Override
    public void start(Exchange exchange) {
        TransferSession session = exchange.session(Operations.require(ticket));
        TransferOperation reading = begin(exchange, ticket, TicketOp.READ);
        long size = session.size();
        String rangeHeader = exchange.request().headers().get(HttpHeaderNames.RANGE);
        long offset = 0;
        long length = size;
        if (rangeHeader != null) {
            Ranges.Range range = Ranges.range(rangeHeader);
            if (range == null) {
                throw TransferException.of(TransferException.Reason.RANGE, "Unsupported or invalid range '"
                        + Printable.of(rangeHeader) + "': expecting bytes=first-[last]");
            }
            offset = range.first();
            length = range.last() < 0 ? size - offset : range.last() - offset + 1;
            if (length <= 0) {
                throw TransferException.range("Requested range starts after the end of the image", size);
            }
        }
        reading.require(offset, length);
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1,
                rangeHeader == null ? HttpResponseStatus.OK : HttpResponseStatus.PARTIAL_CONTENT);
        head.headers().set(HttpHeaderNames.CONTENT_LENGTH, length)
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM)
                .set(HttpHeaderNames.CONTENT_DISPOSITION, session.filename() == null ? "attachment"
                        : "attachment; filename=" + session.filename());
        if (rangeHeader != null) {
            head.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes " + offset + "-" + (offset + length - 1) + "/"
                    + size);
        }
        exchange.connectionHeader(head);
        ChannelHandlerContext ctx = exchange.ctx();
        // zero-copy needs the file's bytes to go to the socket as they are: never through TLS
        boolean encrypted = ctx.pipeline().get(SslHandler.class) != null;
        Optional<ReadableRegion> region = length == 0 || encrypted ? Optional.empty() : reading.region(offset, length);
        TransferOperation sending = release(); // from here the sending side closes it
        exchange.streaming();
        ctx.write(head);
        if (region.isPresent()) {
            ReadableRegion r = region.get();
            ctx.write(new DefaultFileRegion(r.channel(), r.position(), r.count()));
            ChannelFuture done = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            long count = r.count();
            done.addListener(f -> {
                if (f.isSuccess()) {
                    sending.sent(count);
                    exchange.call().succeeded();
                } else {
                    exchange.call().failed(TransferException.of(TransferException.Reason.INVALID,
                            "The client went away during the download"));
                }
                sending.close();
            });
            exchange.streamed(done);
            return;
        }
        try {
            sendChunks(exchange, sending, offset, length);
            exchange.call().succeeded();
        } catch (TransferException e) {
            // the head is out: the client learns of the failure from the short body
            exchange.call().failed(e);
            ctx.close();
        } finally {
            sending.close();
        }
    }

    /** Reads and sends in chunks, writing only while the socket keeps up. */
    private static void sendChunks(Exchange exchange, TransferOperation reading, long offset, long length) {
        ChannelHandlerContext ctx = exchange.ctx();
        int bufferSize = exchange.connection().settings().bufferSize();
        long sent = 0;
        while (sent < length) {
            int n = (int) Math.min(bufferSize, length - sent);
            ByteBuf chunk = ctx.alloc().directBuffer(n);
            try {
                ByteBuffer target = chunk.nioBuffer(0, n);
                int got = reading.read(offset + sent, target);
                if (got <= 0) {
                    throw TransferException.of(TransferException.Reason.FAILED, "The image ended early");
                }
                chunk.writerIndex(got);
                sent += got;
            } catch (RuntimeException e) {
                chunk.release();
                throw e;
            }
            ctx.writeAndFlush(new DefaultHttpContent(chunk));
            if (!ctx.channel().isWritable()) {
                exchange.connection().flow().awaitWritable();
            }
            if (!ctx.channel().isActive()) {
                return;
            }
        }
        exchange.streamed(ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
    }
}
