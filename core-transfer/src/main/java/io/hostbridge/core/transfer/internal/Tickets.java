package io.hostbridge.core.transfer.internal;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.EventPublisher;
import io.hostbridge.api.transfer.HostTransferApi;
import io.hostbridge.api.transfer.ImageTicket;
import io.hostbridge.api.transfer.TicketOp;
import io.hostbridge.core.spi.NbdExports;
import io.hostbridge.core.spi.VolumeCatalog;
import io.hostbridge.core.transfer.ImageBackend;
import io.hostbridge.core.transfer.QcowBackends;
import io.hostbridge.core.transfer.TransferSettings;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The live tickets, each with the backend its target was opened with. Tickets live in memory only, as imageio's. */
@Singleton
public final class Tickets {
    private static final Logger LOG = LoggerFactory.getLogger(Tickets.class);

    private final Map<UUID, Ticket> tickets = new ConcurrentHashMap<>();
    private final LongAdder moved = new LongAdder();
    private final TicketTargets targets;
    private final ImageBackends backends;
    /** A provider: the publisher needs the bridge, which needs this (through the ticket verbs). */
    private final Provider<EventPublisher> events;

    @Inject
    public Tickets(TransferSettings settings, Optional<VolumeCatalog> catalog, Optional<QcowBackends> qcow,
                   Set<NbdExports> exports, Provider<EventPublisher> events) {
        this.targets = new TicketTargets(catalog, exports);
        this.backends = new ImageBackends(settings, qcow);
        this.events = events;
    }

    void add(ImageTicket spec) {
        if (spec.ops().isEmpty()) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "ticket.ops",
                    "ticket.ops must name at least one of read, write");
        }
        if (spec.transferId() != null && spec.transferId().chars().anyMatch(Character::isISOControl)) {
            // it names the transfer in events and log lines: one line
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "ticket.transfer_id",
                    "ticket.transfer_id must not hold control characters");
        }
        if (tickets.containsKey(spec.uuid())) {
            throw exists();
        }
        TicketTargets.Target target = targets.resolve(spec);
        ImageBackend backend;
        try {
            backend = backends.open(target, spec.ops().contains(TicketOp.WRITE));
        } catch (IOException e) {
            throw BridgeException.failure(ErrorCode.GENERAL, "The ticket's volume cannot be opened", e);
        }
        Ticket ticket = new Ticket(spec, target.path(), backend, System::nanoTime, moved);
        if (tickets.putIfAbsent(spec.uuid(), ticket) != null) {
            backend.close();
            throw exists();
        }
        // the id is the data URL's secret: INFO names the transfer, DEBUG tells tickets apart by a prefix
        LOG.info("image ticket for transfer {} added: ops {}, size {}", ticket.name(), spec.ops(), spec.size());
        LOG.debug("image ticket {} is transfer {}", TicketNames.masked(spec.uuid()), ticket.name());
    }

    /** Messages that would echo a ticket id do not: bindings may log messages, and logs must not hold ids. */
    private static BridgeException exists() {
        return BridgeException.of(ErrorCode.TICKET_EXISTS, "An image ticket with this uuid exists");
    }

    Ticket get(UUID id) {
        Ticket ticket = tickets.get(id);
        if (ticket == null) {
            throw BridgeException.of(ErrorCode.NO_SUCH_TICKET, "No image ticket with this uuid");
        }
        return ticket;
    }

    /** The ticket for a data request, or null when there is none (the caller answers "forbidden"). */
    Ticket find(String id) {
        try {
            return tickets.get(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Removes a ticket: connections using it are told to close, operations in progress fail, the backend closes. */
    void remove(UUID id) {
        Ticket ticket = tickets.remove(id);
        if (ticket == null) {
            LOG.debug("image ticket {} was not there to remove", TicketNames.masked(id));
            return;
        }
        boolean busy = ticket.activeOperations() > 0;
        retire(ticket);
        LOG.info("image ticket for transfer {} removed{}", ticket.name(), busy ? ", its transfers canceled" : "");
        if (busy) {
            events.get().publish(HostTransferApi.CANCELED, ticket.name(), ticket.event());
        } else if (ticket.hasStarted()) {
            events.get().publish(HostTransferApi.FINISHED, ticket.name(), ticket.event());
        }
    }

    /**
     * Removes every ticket that expired with no operation in progress, as {@link #remove} would (connections told
     * to close, backend closed: qemu-nbd stopped, the volume no longer in use), and publishes
     * {@code transfer.expired}. An expired ticket refuses new operations, so none can start in the meantime.
     */
    void reapExpired() {
        for (Map.Entry<UUID, Ticket> e : tickets.entrySet()) {
            Ticket ticket = e.getValue();
            if (ticket.expired() && tickets.remove(e.getKey(), ticket)) {
                retire(ticket);
                LOG.info("image ticket for transfer {} expired and was removed", ticket.name());
                events.get().publish(HostTransferApi.EXPIRED, ticket.name(), ticket.event());
            }
        }
    }

    private static void retire(Ticket ticket) {
        ticket.cancel();
        ticket.backend().close();
    }

    /** Tickets whose target is {@code path}. */
    Optional<Ticket> using(Path path) {
        return tickets.values().stream().filter(t -> t.path().equals(path)).findFirst();
    }

    Collection<Ticket> all() {
        return tickets.values();
    }

    /** Bytes moved by all tickets since the agent started. */
    long transferred() {
        return moved.sum();
    }

    /** Closes every backend (agent stop). */
    public void closeAll() {
        for (UUID id : tickets.keySet()) {
            Ticket ticket = tickets.remove(id);
            if (ticket != null) {
                ticket.cancel();
                ticket.backend().close();
            }
        }
    }
}
