package io.hostbridge.binding.imageio;

import io.hostbridge.api.transfer.ImageTransfers;
import io.hostbridge.api.transfer.TransferSession;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tickets one connection uses: each attached on first use (the ticket then counts the connection), all
 * detached when the connection closes. The connection's idle timeout becomes the ticket's inactivity timeout.
 * Touched only from the connection's request thread.
 */
final class ConnectionTickets {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionTickets.class);

    private final ImageTransfers transfers;
    private final Map<String, TransferSession> sessions = new HashMap<>();
    private Duration idleTimeout;

    ConnectionTickets(ImageTransfers transfers, Duration idleTimeout) {
        this.transfers = transfers;
        this.idleTimeout = idleTimeout;
    }

    /** This connection's session on {@code ticket}: attached on first use, when the ticket lets it. */
    TransferSession session(ChannelHandlerContext ctx, String ticket) {
        TransferSession session = sessions.get(ticket);
        if (session == null) {
            session = transfers.attach(ticket, () -> ctx.channel().close());
            sessions.put(ticket, session);
            LOG.debug("connection {} attached to a ticket", ctx.channel().id());
            Duration timeout = session.inactivityTimeout();
            if (!timeout.equals(idleTimeout)) {
                idleTimeout = timeout;
                ctx.pipeline().replace(IdleStateHandler.class, "idle",
                        new IdleStateHandler(true, 0, 0, timeout.toMillis(), TimeUnit.MILLISECONDS));
            }
        }
        return session;
    }

    Duration idleTimeout() {
        return idleTimeout;
    }

    void closeAll() {
        sessions.values().forEach(TransferSession::close);
        sessions.clear();
    }
}
