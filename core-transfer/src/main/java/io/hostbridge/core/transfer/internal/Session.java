package io.hostbridge.core.transfer.internal;

import io.hostbridge.api.EventPublisher;
import io.hostbridge.api.transfer.TicketOp;
import io.hostbridge.api.transfer.TransferOperation;
import io.hostbridge.api.transfer.TransferSession;
import io.hostbridge.core.transfer.BlockHashing;
import io.hostbridge.core.transfer.TransferSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** One connection attached to one ticket. */
final class Session implements TransferSession {
    private final Ticket ticket;
    private final Runnable onCancel;
    private final TransferSettings settings;
    private final Optional<BlockHashing> hashing;
    private final EventPublisher events;

    Session(Ticket ticket, Runnable onCancel, TransferSettings settings, Optional<BlockHashing> hashing,
            EventPublisher events) {
        this.ticket = ticket;
        this.onCancel = onCancel;
        this.settings = settings;
        this.hashing = hashing;
        this.events = events;
    }

    /**
     * Refuses unknown, canceled and expired tickets, with imageio's wording less the ticket id: the client knows
     * it, and the binding logs these messages.
     */
    static void check(Ticket ticket) {
        if (ticket == null) {
            throw DefaultImageTransfers.forbidden("No such ticket");
        }
        if (ticket.canceled()) {
            throw DefaultImageTransfers.forbidden("The transfer was canceled");
        }
        if (ticket.expired()) {
            throw DefaultImageTransfers.forbidden("The ticket expired");
        }
    }

    @Override
    public String ticketId() {
        return ticket.id().toString();
    }

    @Override
    public long size() {
        try {
            return Math.min(ticket.spec().size(), ticket.backend().size());
        } catch (IOException e) {
            throw Operation.failure(ticket, e);
        }
    }


    @Override
    public String filename() {
        return ticket.spec().filename();
    }

    @Override
    public TicketOptions options() {
        begin(TicketOp.READ).close(); // an operation: checks the ticket and restarts its expiry
        return new TicketOptions(ticket.may(TicketOp.WRITE), ticket.backend().maxReaders(),
                ticket.backend().maxWriters());
    }

    @Override
    public Duration inactivityTimeout() {
        return Duration.ofSeconds(ticket.inactivityTimeout());
    }

    @Override
    public TransferOperation begin(TicketOp op) {
        check(ticket);
        if (!ticket.may(op)) {
            throw DefaultImageTransfers.forbidden("The ticket does not allow " + op.name().toLowerCase(
                    java.util.Locale.ROOT));
        }
        long readable = size();
        ticket.operationStarted();
        return new Operation(ticket, op, readable, settings, hashing, events);
    }

    @Override
    public void close() {
        ticket.detached(onCancel);
    }
}
