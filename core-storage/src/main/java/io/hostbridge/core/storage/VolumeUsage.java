package io.hostbridge.core.storage;

import io.hostbridge.core.spi.VolumeUsers;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/** Asks every {@link VolumeUsers} contributor (running VMs, transfers) whether it uses a volume file. */
@Singleton
final class VolumeUsage {
    private final Provider<Set<VolumeUsers>> users;

    /** @param users a provider: contributors may themselves depend on storage (the volume catalog) */
    @Inject
    VolumeUsage(Provider<Set<VolumeUsers>> users) {
        this.users = users;
    }

    /** Who uses the file, in words, or empty. */
    Optional<String> userOf(Path file) {
        for (VolumeUsers contributor : users.get()) {
            Optional<String> user = contributor.userOf(file);
            if (user.isPresent()) {
                return user;
            }
        }
        return Optional.empty();
    }
}
