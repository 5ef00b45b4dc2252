package io.hostbridge.binding.imageio;

import io.hostbridge.api.transfer.TicketOp;
import io.hostbridge.api.transfer.TransferOperation;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * An operation that holds a transfer operation on its ticket while its request lasts (a download, an upload, a
 * PATCH): begun once, closed exactly once — when the request is answered, fails, or its connection closes.
 */
abstract class HoldingOperation implements DataOperation {
    private TransferOperation held;

    /** Begins the transfer operation on this connection's session of {@code ticket}. */
    final TransferOperation begin(Exchange exchange, String ticket, TicketOp op) {
        held = exchange.session(ticket).begin(op);
        return held;
    }

    /** Ends the transfer operation and answers 200. */
    final void finish(Exchange exchange) {
        abort();
        exchange.reply(Replies.empty(HttpResponseStatus.OK));
    }

    /** Hands the transfer operation over to code that closes it itself (a download being written). */
    final TransferOperation release() {
        TransferOperation op = held;
        held = null;
        return op;
    }

    @Override
    public final void abort() {
        if (held != null) {
            held.close();
            held = null;
        }
    }
}
