package io.hostbridge.core.transfer.internal;

import io.hostbridge.api.EventPublisher;
import io.hostbridge.api.transfer.ImageTransfers;
import io.hostbridge.api.transfer.TransferException;
import io.hostbridge.api.transfer.TransferSession;
import io.hostbridge.core.CoreSettings;
import io.hostbridge.core.transfer.BlockHashing;
import io.hostbridge.core.transfer.TransferSettings;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/** The data side of transfers for the data server binding: ticket checks, then backend I/O. */
public final class DefaultImageTransfers implements ImageTransfers {
    private final Tickets tickets;
    private final TransferSettings settings;
    private final Optional<BlockHashing> hashing;
    private final EventPublisher events;
    private final String version;

    @Inject
    public DefaultImageTransfers(Tickets tickets, TransferSettings settings, Optional<BlockHashing> hashing,
                                 EventPublisher events, CoreSettings core) {
        this.tickets = tickets;
        this.settings = settings;
        this.hashing = hashing;
        this.events = events;
        this.version = core.softwareVersion();
    }

    @Override
    public TransferSession attach(String ticketId, Runnable onCancel) {
        Ticket ticket = tickets.find(ticketId);
        Session.check(ticket);
        ticket.attached(onCancel);
        return new Session(ticket, onCancel, settings, hashing, events);
    }

    @Override
    public List<String> checksumAlgorithms() {
        return hashing.map(BlockHashing::algorithms).orElseThrow(Operation::noChecksums);
    }

    @Override
    public String version() {
        return version;
    }

    static TransferException forbidden(String message) {
        return TransferException.of(TransferException.Reason.FORBIDDEN, message);
    }
}
