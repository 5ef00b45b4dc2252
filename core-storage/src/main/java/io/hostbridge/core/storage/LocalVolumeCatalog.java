package io.hostbridge.core.storage;

import io.hostbridge.api.storage.DomainStatus;
import io.hostbridge.api.storage.VolumeFormat;
import io.hostbridge.core.spi.VolumeCatalog;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Optional;
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
        return view(domain, Volumes.legal(Volumes.volume(domain, imageId, volumeId)));
    }

    /** Only {@code <root>/images/<image>/<volume>} of a volume the domain's metadata lists, legal, domain active. */
    @Override
    public Optional<Volume> volumeAt(Path path) {
        Path file = path.toAbsolutePath().normalize();
        Path imageDir = file.getParent();
        if (imageDir == null || imageDir.getParent() == null) {
            return Optional.empty();
        }
        Optional<UUID> image = uuid(imageDir.getFileName());
        Optional<UUID> volume = uuid(file.getFileName());
        if (image.isEmpty() || volume.isEmpty()) {
            return Optional.empty();
        }
        return volumes.domains.all().stream()
                .filter(d -> d.metadata().status() == DomainStatus.ACTIVE)
                .filter(d -> imageDir.getParent().equals(d.root().resolve("images")))
                .flatMap(d -> d.volume(volume.get())
                        .filter(v -> v.image().equals(image.get()) && v.isLegal() && d.volumePath(v).equals(file))
                        .map(v -> view(d, v)).stream())
                .findFirst();
    }

    /** A file name that is a UUID in its canonical form (UUID.fromString also takes "1-2-3-4-5"). */
    private static Optional<UUID> uuid(Path name) {
        String text = name == null ? "" : name.toString();
        try {
            UUID id = UUID.fromString(text);
            return id.toString().equals(text) ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Volume view(LocalDomain domain, VolumeMetadata volume) {
        return new Volume(domain.id(), volume.image(), volume.uuid(), domain.volumePath(volume),
                volume.format() == VolumeFormat.COW ? Format.QCOW2 : Format.RAW, volume.capacity());
    }
}
