package io.hostbridge.core.transfer.internal;

import io.hostbridge.api.transfer.HostTransferApi;
import io.hostbridge.api.transfer.ImageTicket;
import io.hostbridge.api.transfer.ImageTicketInfo;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.UUID;

/** VDSM's ticket verbs over {@link Tickets}. */
public final class HostTransferService implements HostTransferApi {
    private final Tickets tickets;
    private final Clock clock = Clock.systemUTC();

    @Inject
    public HostTransferService(Tickets tickets) {
        this.tickets = tickets;
    }

    @Override
    public void add_image_ticket(ImageTicket ticket) {
        tickets.add(ticket);
    }

    @Override
    public ImageTicketInfo get_image_ticket(UUID uuid) {
        return tickets.get(uuid).info(clock.instant().getEpochSecond());
    }

    @Override
    public void extend_image_ticket(UUID uuid, long timeout) {
        tickets.get(uuid).extend(timeout);
    }

    @Override
    public void remove_image_ticket(UUID uuid) {
        tickets.remove(uuid);
    }
}
