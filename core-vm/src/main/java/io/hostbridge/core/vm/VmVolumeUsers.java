package io.hostbridge.core.vm;

import io.hostbridge.api.vm.VmStatus;
import io.hostbridge.core.spi.VolumeUsers;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Optional;

/** Tells storage which volume files VMs use: every drive of a VM that is not Down. */
@Singleton
final class VmVolumeUsers implements VolumeUsers {
    private final VmRegistry registry;

    @Inject
    VmVolumeUsers(VmRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Optional<String> userOf(Path path) {
        Path wanted = path.normalize();
        for (Vm vm : registry.all()) {
            if (vm.status() != VmStatus.DOWN && (vm.drivePaths().contains(wanted) || vm.replications().values()
                    .stream().anyMatch(r -> r.path().normalize().equals(wanted)))) {
                return Optional.of("VM " + vm.id() + " (" + vm.params().vmName() + ", " + vm.status().name() + ")");
            }
        }
        return Optional.empty();
    }
}
