package io.hostbridge.core.transfer.internal;

import io.hostbridge.core.spi.VolumeUsers;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;

/** A volume with a live ticket is in use: storage must not delete it under a transfer. */
public final class TransferVolumeUsers implements VolumeUsers {
    private final Tickets tickets;

    @Inject
    public TransferVolumeUsers(Tickets tickets) {
        this.tickets = tickets;
    }

    @Override
    public Optional<String> userOf(Path path) {
        // ticket paths are normalized (a real path, or one the catalog built); callers' need not be
        // callers of storage verbs see this: the transfer's name, never the ticket's id (its data URL's secret)
        return tickets.using(path.normalize()).map(t -> "image transfer " + t.name());
    }
}
