package io.hostbridge.binding.imageio;

import io.hostbridge.api.transfer.TicketOp;
import io.hostbridge.api.transfer.TransferException;
import io.hostbridge.api.transfer.TransferOperation;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpUtil;
import java.io.ByteArrayOutputStream;

/** {@code PATCH /images/{ticket}} with a small JSON body: zero a range, or flush. */
final class PatchOperation extends HoldingOperation {
    private static final int MAX_JSON_BODY = 64 * 1024;

    private final String ticket;
    private final ByteArrayOutputStream json = new ByteArrayOutputStream();

    PatchOperation(String ticket) {
        this.ticket = ticket;
    }

    @Override
    public String name() {
        return "images.patch";
    }

    @Override
    public void start(Exchange exchange) {
        Operations.require(ticket);
        long length = HttpUtil.getContentLength(exchange.request(), -1L);
        if (length > MAX_JSON_BODY || HttpUtil.isTransferEncodingChunked(exchange.request())) {
            throw tooLarge(" or chunked");
        }
        exchange.readBody();
    }

    @Override
    public void content(Exchange exchange, ByteBuf bytes) {
        if (json.size() + bytes.readableBytes() > MAX_JSON_BODY) {
            throw tooLarge("");
        }
        byte[] chunk = new byte[bytes.readableBytes()];
        bytes.readBytes(chunk);
        json.writeBytes(chunk);
    }

    @Override
    public void end(Exchange exchange) {
        PatchRequest patch = PatchRequest.parse(json.toByteArray());
        TransferOperation writing = begin(exchange, ticket, TicketOp.WRITE);
        if (patch.zero()) {
            writing.require(patch.offset(), patch.size());
            writing.zero(patch.offset(), patch.size(), patch.flush());
        } else {
            writing.flush();
        }
        finish(exchange);
    }

    private static TransferException tooLarge(String how) {
        return TransferException.of(TransferException.Reason.TOO_LARGE, "PATCH body larger than " + MAX_JSON_BODY
                + " bytes" + how);
    }
}
