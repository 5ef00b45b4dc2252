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
        return tickets.using(path).map(t -> "image transfer " + t.id());
    }
}
