package io.hostbridge.binding.imageio;

import io.hostbridge.api.Printable;
import io.hostbridge.api.transfer.ChecksumResult;
import io.hostbridge.api.transfer.ImageTransfers;
import io.hostbridge.api.transfer.ReadableRegion;
import io.hostbridge.api.transfer.TicketOp;
import io.hostbridge.api.transfer.TransferException;
import io.hostbridge.api.transfer.TransferExtent;
import io.hostbridge.api.transfer.TransferOperation;
import io.hostbridge.api.transfer.TransferSession;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection of the data server: decodes imageio's requests and answers them through {@link ImageTransfers}.
 * Runs on a request thread (never a network thread), one message at a time per connection, so it may block on
 * the transfer API; bytes flow in bounded chunks (uploads: {@link FlowControl}; downloads: zero-copy regions or
 * chunks written only while the socket takes them).
 */
final class ImageHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ImageHandler.class);
    private static final int MAX_JSON_BODY = 64 * 1024;
    private static final List<String> READ_FEATURES = List.of("checksum", "extents");
    private static final List<String> WRITE_FEATURES = List.of("checksum", "extents", "flush", "zero");

    private final ImageTransfers transfers;
    private final ImageioSettings settings;
    private final String unixSocket;
    private final String transport;
    private final FlowControl flow;
    private final HeadDeadline deadline;
    private final Map<String, TransferSession> sessions = new HashMap<>();

    /** What the body of the current request is for. */
    private enum Body { NONE, UPLOAD, JSON, DISCARD }

    private Body body = Body.NONE;
    private HttpRequest request;
    private boolean keepAlive;
    private TransferOperation op;
    private long position;
    private boolean flushAtEnd;
    private ByteArrayOutputStream json;
    private String patchTicket;
    private Duration idleTimeout;

    ImageHandler(ImageTransfers transfers, ImageioSettings settings, String transport, FlowControl flow,
                 HeadDeadline deadline) {
        this.transfers = transfers;
        this.settings = settings;
        this.unixSocket = settings.socket() == null ? null : settings.socket().toString();
        this.transport = transport;
        this.flow = flow;
        this.deadline = deadline;
        this.idleTimeout = settings.idleTimeout();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest) {
                deadline.headReceived();
                start(ctx, (HttpRequest) msg);
            }
            if (msg instanceof HttpContent) {
                HttpContent content = (HttpContent) msg;
                int bytes = content.content().readableBytes();
                try {
                    content(ctx, content);
                } finally {
                    flow.consumed(bytes);
                }
            }
        } catch (TransferException e) {
            fail(ctx, e);
        } catch (RuntimeException e) {
            String errorId = UUID.randomUUID().toString();
            LOG.warn("error id {}: {} request failed", errorId, transport, e);
            endOperation();
            reply(ctx, Replies.error(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "Internal error; the agent's log has the details under error id " + errorId), true);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void start(ChannelHandlerContext ctx, HttpRequest req) {
        request = req;
        keepAlive = HttpUtil.isKeepAlive(req);
        body = Body.DISCARD;
        if (req.decoderResult().isFailure()) {
            reply(ctx, Replies.error(HttpResponseStatus.BAD_REQUEST, "Invalid request: "
                    + req.decoderResult().cause().getMessage()), true);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        Route route = Route.of(uri.path());
        HttpMethod method = req.method();
        LOG.debug("{} {} {}", transport, method, uri.path());
        if (route.kind() == Route.Kind.UNKNOWN) {
            reply(ctx, Replies.error(HttpResponseStatus.NOT_FOUND, "No such resource " + uri.path()), false);
            return;
        }
        if (!route.kind().methods.contains(method)) {
            FullHttpResponse r = Replies.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method " + method
                    + " is not allowed here");
            r.headers().set(HttpHeaderNames.ALLOW, route.kind().allow);
            reply(ctx, r, false);
            return;
        }
        if (route.kind() == Route.Kind.INFO) {
            reply(ctx, Replies.json(Map.of("version", transfers.version())), false);
            return;
        }
        if (route.kind() == Route.Kind.ALGORITHMS) {
            reply(ctx, Replies.json(Map.of("algorithms", transfers.checksumAlgorithms())), false);
            return;
        }
        if (route.ticket().isEmpty()) {
            reply(ctx, Replies.error(HttpResponseStatus.BAD_REQUEST, "Ticket id is required"), false);
            return;
        }
        switch (route.kind()) {
            case EXTENTS:
                extents(ctx, route.ticket(), param(uri, "context", "zero"));
                break;
            case CHECKSUM:
                checksum(ctx, route.ticket(), uri);
                break;
            default:
                image(ctx, method, route.ticket(), uri);
        }
    }

    private void image(ChannelHandlerContext ctx, HttpMethod method, String ticket, QueryStringDecoder uri) {
        if (method.equals(HttpMethod.OPTIONS)) {
            options(ctx, ticket);
        } else if (method.equals(HttpMethod.GET)) {
            download(ctx, ticket);
        } else if (method.equals(HttpMethod.PUT)) {
            upload(ctx, ticket, uri);
        } else {
            patchStart(ctx, ticket);
        }
    }

    private void options(ChannelHandlerContext ctx, String ticket) {
        Map<String, Object> options = new LinkedHashMap<>();
        String allow;
        if (ticket.equals("*")) {
            allow = "OPTIONS,GET,PUT,PATCH";
            options.put("features", WRITE_FEATURES);
        } else {
            TransferSession session = session(ctx, ticket);
            session.begin(TicketOp.READ).close(); // counts as activity: restarts the ticket's expiry
            allow = session.writable() ? "OPTIONS,GET,PUT,PATCH" : "OPTIONS,GET";
            options.put("features", session.writable() ? WRITE_FEATURES : READ_FEATURES);
            options.put("max_readers", session.maxReaders());
            options.put("max_writers", session.maxWriters());
        }
        if (unixSocket != null) {
            options.put("unix_socket", unixSocket);
        }
        FullHttpResponse r = Replies.json(options);
        r.headers().set(HttpHeaderNames.ALLOW, allow);
        reply(ctx, r, false);
    }

    private void download(ChannelHandlerContext ctx, String ticket) {
        TransferSession session = session(ctx, ticket);
        op = session.begin(TicketOp.READ);
        long size = session.size();
        String rangeHeader = request.headers().get(HttpHeaderNames.RANGE);
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
        op.require(offset, length);
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
        connectionHeader(head);
        Optional<ReadableRegion> region = length == 0 ? Optional.empty() : op.region(offset, length);
        TransferOperation sending = op;
        op = null;
        deadline.rearm();
        ctx.write(head);
        if (region.isPresent()) {
            ReadableRegion r = region.get();
            ctx.write(new DefaultFileRegion(r.channel(), r.position(), r.count()));
            ChannelFuture done = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            long count = r.count();
            done.addListener(f -> {
                if (f.isSuccess()) {
                    sending.sent(count);
                }
                sending.close();
            });
            finish(done);
        } else {
            try {
                sendChunks(ctx, sending, offset, length);
            } catch (TransferException e) {
                // the head is out: the client learns of the failure from the short body
                LOG.debug("{} download on ticket {} stopped: {}", transport, ticket, e.getMessage());
                ctx.close();
            } finally {
                sending.close();
            }
        }
    }

    /** Reads and sends in chunks, writing only while the socket keeps up (bounded memory per connection). */
    private void sendChunks(ChannelHandlerContext ctx, TransferOperation reading, long offset, long length) {
        long sent = 0;
        while (sent < length) {
            int n = (int) Math.min(settings.bufferSize(), length - sent);
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
                flow.awaitWritable();
            }
            if (!ctx.channel().isActive()) {
                return;
            }
        }
        finish(ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
    }

    private void upload(ChannelHandlerContext ctx, String ticket, QueryStringDecoder uri) {
        if (HttpUtil.isTransferEncodingChunked(request)) {
            throw invalid("Chunked transfer encoding is not supported: send Content-Length");
        }
        String lengthHeader = request.headers().get(HttpHeaderNames.CONTENT_LENGTH);
        if (lengthHeader == null) {
            throw invalid("Content-Length header is required");
        }
        long length = parseLength(lengthHeader);
        String contentRange = request.headers().get(HttpHeaderNames.CONTENT_RANGE);
        long offset = 0;
        if (contentRange != null) {
            offset = Ranges.contentRangeFirst(contentRange);
            if (offset < 0) {
                throw invalid("Invalid Content-Range '" + Printable.of(contentRange) + "': expecting bytes first-last/total");
            }
        }
        String flush = param(uri, "flush", "y");
        if (!flush.equals("y") && !flush.equals("n")) {
            throw invalid("Unsupported value '" + Printable.of(flush) + "' for 'flush', expecting one of ['n', 'y']");
        }
        TransferSession session = session(ctx, ticket);
        op = session.begin(TicketOp.WRITE);
        op.require(offset, length);
        if (HttpUtil.is100ContinueExpected(request)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE))
                    .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
        position = offset;
        flushAtEnd = flush.equals("y");
        body = Body.UPLOAD;
    }

    private void patchStart(ChannelHandlerContext ctx, String ticket) {
        long length = HttpUtil.getContentLength(request, -1L);
        if (length > MAX_JSON_BODY || HttpUtil.isTransferEncodingChunked(request)) {
            reply(ctx, Replies.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "PATCH body larger than "
                    + MAX_JSON_BODY + " bytes or chunked"), true);
            return;
        }
        patchTicket = ticket;
        json = new ByteArrayOutputStream();
        body = Body.JSON;
    }

    private void content(ChannelHandlerContext ctx, HttpContent content) {
        ByteBuf bytes = content.content();
        switch (body) {
            case UPLOAD:
                for (ByteBuffer b : bytes.nioBuffers()) {
                    int n = b.remaining();
                    op.write(position, b);
                    position += n;
                }
                break;
            case JSON:
                if (json.size() + bytes.readableBytes() > MAX_JSON_BODY) {
                    body = Body.DISCARD;
                    reply(ctx, Replies.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "PATCH body larger than "
                            + MAX_JSON_BODY + " bytes"), true);
                    return;
                }
                byte[] chunk = new byte[bytes.readableBytes()];
                bytes.readBytes(chunk);
                json.writeBytes(chunk);
                break;
            default:
                break;
        }
        if (content instanceof LastHttpContent) {
            Body ended = body;
            body = Body.NONE;
            if (ended == Body.UPLOAD) {
                if (flushAtEnd) {
                    op.flush();
                }
                endOperation();
                reply(ctx, Replies.empty(HttpResponseStatus.OK), false);
            } else if (ended == Body.JSON) {
                patch(ctx, patchTicket, PatchRequest.parse(json.toByteArray()));
            }
        }
    }

    private void patch(ChannelHandlerContext ctx, String ticket, PatchRequest patch) {
        TransferSession session = session(ctx, ticket);
        op = session.begin(TicketOp.WRITE);
        if (patch.zero()) {
            op.require(patch.offset(), patch.size());
            op.zero(patch.offset(), patch.size(), patch.flush());
        } else {
            op.flush();
        }
        endOperation();
        reply(ctx, Replies.empty(HttpResponseStatus.OK), false);
    }

    private void extents(ChannelHandlerContext ctx, String ticket, String context) {
        TransferSession session = session(ctx, ticket);
        List<Map<String, Object>> out = new ArrayList<>();
        try (TransferOperation reading = session.begin(TicketOp.READ)) {
            boolean dirty = context.equals("dirty");
            for (TransferExtent e : reading.extents(context)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("start", e.start());
                m.put("length", e.length());
                if (dirty) {
                    m.put("dirty", e.dirty());
                    m.put("zero", e.zero());
                } else {
                    m.put("zero", e.zero());
                    m.put("hole", e.hole());
                }
                out.add(m);
            }
        }
        reply(ctx, Replies.json(out), false);
    }

    private void checksum(ChannelHandlerContext ctx, String ticket, QueryStringDecoder uri) {
        String blockSize = param(uri, "block_size", null);
        Integer size = null;
        if (blockSize != null) {
            try {
                size = Integer.valueOf(blockSize);
            } catch (NumberFormatException e) {
                throw invalid("Invalid block size: '" + Printable.of(blockSize) + "'");
            }
        }
        TransferSession session = session(ctx, ticket);
        ChecksumResult result;
        try (TransferOperation reading = session.begin(TicketOp.READ)) {
            result = reading.checksum(param(uri, "algorithm", null), size);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("algorithm", result.algorithm());
        m.put("block_size", result.blockSize());
        m.put("checksum", result.checksum());
        reply(ctx, Replies.json(m), false);
    }

    /** This connection's session on {@code ticket}: attached on first use, when the ticket lets it. */
    private TransferSession session(ChannelHandlerContext ctx, String ticket) {
        TransferSession session = sessions.get(ticket);
        if (session == null) {
            session = transfers.attach(ticket, () -> ctx.channel().close());
            sessions.put(ticket, session);
            LOG.debug("{} connection {} attached to ticket {}", transport, ctx.channel().id(), ticket);
            Duration timeout = session.inactivityTimeout();
            if (!timeout.equals(idleTimeout)) {
                idleTimeout = timeout;
                ctx.pipeline().replace(IdleStateHandler.class, "idle",
                        new IdleStateHandler(true, 0, 0, timeout.toMillis(), TimeUnit.MILLISECONDS));
            }
        }
        return session;
    }

    private void fail(ChannelHandlerContext ctx, TransferException e) {
        endOperation();
        boolean close = e.reason() == TransferException.Reason.FORBIDDEN || e.reason() == TransferException.Reason.FAILED
                || body == Body.UPLOAD || body == Body.JSON || bodyPending();
        body = Body.DISCARD;
        if (ctx.channel().isActive()) {
            reply(ctx, Replies.error(e), close);
        }
    }

    /** True when the request has a body not read yet. */
    private boolean bodyPending() {
        return request != null && (HttpUtil.isTransferEncodingChunked(request)
                || HttpUtil.getContentLength(request, 0L) > 0) && body != Body.NONE;
    }

    private void reply(ChannelHandlerContext ctx, FullHttpResponse response, boolean close) {
        boolean closing = close || !keepAlive || (body == Body.DISCARD && bodyPending());
        if (body == Body.DISCARD && !closing) {
            body = Body.NONE;
        }
        if (closing) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else {
            connectionHeader(response);
            deadline.rearm();
        }
        ChannelFuture f = ctx.writeAndFlush(response);
        if (closing) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void connectionHeader(HttpResponse response) {
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    private void finish(ChannelFuture done) {
        if (!keepAlive) {
            done.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void endOperation() {
        if (op != null) {
            op.close();
            op = null;
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            LOG.debug("{} connection {} idle for {}: closing", transport, ctx.channel().id(), idleTimeout);
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        endOperation();
        sessions.values().forEach(TransferSession::close);
        sessions.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("{} connection {} failed: {}", transport, ctx.channel().id(), cause.toString());
        ctx.close();
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
        throw invalid("Invalid Content-Length '" + Printable.of(header) + "'");
    }

    private static String param(QueryStringDecoder uri, String name, String dflt) {
        List<String> values = uri.parameters().get(name);
        return values == null || values.isEmpty() ? dflt : values.get(0);
    }

    private static TransferException invalid(String message) {
        return TransferException.of(TransferException.Reason.INVALID, message);
    }
}
