package io.hostbridge.core.storage;

import io.hostbridge.api.storage.VolumeFormat;
import io.hostbridge.core.spi.VolumeCatalog;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.UUID;

/** {@link VolumeCatalog} over the localfs domains: what VM disks and image transfers resolve volumes with. */
@Singleton
final class LocalVolumeCatalog implements VolumeCatalog {
    private final Volumes volumes;

    @Inject
    LocalVolumeCatalog(Volumes volumes) {
        this.volumes = volumes;
    }

    @Override
    public Volume resolve(UUID domainId, UUID imageId, UUID volumeId) {
        LocalDomain domain = volumes.active(domainId);
        if (domain.volumesOf(imageId).isEmpty()) {
            throw StorageErrors.noImage(domainId, imageId);
        }
        VolumeMetadata volume = Volumes.legal(Volumes.volume(domain, imageId, volumeId));
        return new Volume(domainId, imageId, volumeId, domain.volumePath(volume),
                volume.format() == VolumeFormat.COW ? Format.QCOW2 : Format.RAW, volume.capacity());
    }

    @Override
    public boolean withinDomain(Path path) {
        return volumes.domains.within(path);
    }
}
