package io.hostbridge.core.transfer.internal;

import io.hostbridge.core.spi.VolumeUsers;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;

/** A volume with a live ticket or a stream on it is in use: storage must not delete it under a transfer. */
public final class TransferVolumeUsers implements VolumeUsers {
    private final Tickets tickets;
    private final VolumeStreams streams;

    @Inject
    public TransferVolumeUsers(Tickets tickets, VolumeStreams streams) {
        this.tickets = tickets;
        this.streams = streams;
    }

    @Override
    public Optional<String> userOf(Path path) {
        // ticket paths are normalized (a real path, or one the catalog built); callers' need not be
        // callers of storage verbs see this: the transfer's name, never the ticket's id (its data URL's secret)
        Path file = path.normalize();
        return tickets.using(file).map(t -> "image transfer " + t.name()).or(() -> streams.userOf(file));
    }
}
