package io.hostbridge.core.storage;

import io.hostbridge.api.storage.DomainStatus;
import io.hostbridge.api.storage.VolumeFormat;
import io.hostbridge.core.spi.VolumeCatalog;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.core.storage.LockTable.Lease;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

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

    @Override
    public io.hostbridge.api.storage.VolumeSize sizes(Volume volume) {
        try {
            return VolumeService.fileSizes(volumes, volume.path());
        } catch (IOException e) {
            throw Volumes.failure(ErrorCode.GENERAL, volume.domainId(), "Cannot read volume " + volume.volumeId(), e);
        }
    }

    @Override
    public WriteHold beginWrite(UUID domainId, UUID imageId, UUID volumeId, Consumer<Volume> claim) {
        LocalDomain domain = volumes.active(domainId);
        try (Lease lease = volumes.lock(List.of(domainId), List.of(volumeId))) {
            VolumeMetadata volume = writable(domain, imageId, volumeId);
            Volumes.requireNoChildren(domain, volume);
            volumes.requireUnused(domain, volume);
            Volume view = view(domain, volume);
            claim.accept(view);
            boolean wasLegal = volume.isLegal();
            try {
                domain.writeVolume(volume.illegal());
            } catch (IOException e) {
                throw Volumes.failure(ErrorCode.GENERAL, domainId, "Cannot mark volume " + volumeId + " ILLEGAL", e);
            }
            return new WriteHold() {
                @Override
                public Volume volume() {
                    return view;
                }

                @Override
                public void complete() {
                    markLegal("LEGAL");
                }

                @Override
                public void untouched() {
                    if (wasLegal) {
                        markLegal("LEGAL again");
                    }
                }

                private void markLegal(String what) {
                    try (Lease done = volumes.lock(List.of(domainId), List.of(volumeId))) {
                        domain.writeVolume(writable(domain, imageId, volumeId).legal());
                    } catch (IOException e) {
                        throw Volumes.failure(ErrorCode.GENERAL, domainId, "Cannot mark volume " + volumeId + " "
                                + what, e);
                    }
                }
            };
        }
    }

    /** The volume, not being deleted (201 otherwise). */
    private static VolumeMetadata writable(LocalDomain domain, UUID imageId, UUID volumeId) {
        VolumeMetadata volume = Volumes.volume(domain, imageId, volumeId);
        if (volume.deleting()) {
            throw StorageErrors.noVolume(domain.id(), imageId, volumeId);
        }
        return volume;
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

    @Override
    public void capacityGrown(UUID domainId, UUID imageId, UUID volumeId, long capacity) {
        LocalDomain domain = volumes.active(domainId);
        try (LockTable.Lease lease = volumes.lock(List.of(domainId), List.of(volumeId))) {
            VolumeMetadata volume = Volumes.volume(domain, imageId, volumeId);
            if (capacity > volume.capacity()) {
                domain.writeVolume(volume.withCapacity(capacity));
            }
        } catch (java.io.IOException e) {
            throw Volumes.failure(ErrorCode.GENERAL, domainId, "Cannot record the size of volume " + volumeId, e);
        }
    }

    @Override
    public void mergedOut(UUID domainId, UUID imageId, UUID childId, UUID baseId, UUID topId) {
        LocalDomain domain = volumes.active(domainId);
        try (LockTable.Lease lease = volumes.lock(List.of(domainId), List.of(childId, baseId, topId))) {
            VolumeMetadata child = Volumes.volume(domain, imageId, childId);
            VolumeMetadata base = Volumes.volume(domain, imageId, baseId);
            VolumeMetadata top = Volumes.volume(domain, imageId, topId);
            domain.writeVolume(child.withParent(baseId, null));
            if (top.capacity() > base.capacity()) {
                domain.writeVolume(base.withCapacity(top.capacity()));
            }
            domain.writeVolume(top.illegal());
        } catch (java.io.IOException e) {
            throw Volumes.failure(ErrorCode.GENERAL, domainId, "Cannot record the merge of volume " + topId, e);
        }
    }

    private static Volume view(LocalDomain domain, VolumeMetadata volume) {
        return new Volume(domain.id(), volume.image(), volume.uuid(), domain.volumePath(volume),
                volume.format() == VolumeFormat.COW ? Format.QCOW2 : Format.RAW, volume.capacity(), volume.parent());
    }
}
