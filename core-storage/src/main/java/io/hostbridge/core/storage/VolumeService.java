package io.hostbridge.core.storage;

import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.storage.Legality;
import io.hostbridge.api.storage.Preallocation;
import io.hostbridge.api.storage.Qcow2BitmapInfo;
import io.hostbridge.api.storage.QemuImageFormat;
import io.hostbridge.api.storage.QemuImageInfo;
import io.hostbridge.api.storage.VolumeApi;
import io.hostbridge.api.storage.VolumeFormat;
import io.hostbridge.api.storage.VolumeInfo;
import io.hostbridge.api.storage.VolumeMeasure;
import io.hostbridge.api.storage.VolumeRole;
import io.hostbridge.api.storage.VolumeSize;
import io.hostbridge.core.jobs.JobManager;
import io.hostbridge.core.storage.LockTable.Lease;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/** The Volume namespace. */
@Singleton
final class VolumeService implements VolumeApi {
    private final Volumes volumes;
    private final VolumeCreator creator;
    private final VolumeCopier copier;
    private final JobManager jobs;

    @Inject
    VolumeService(Volumes volumes, VolumeCreator creator, VolumeCopier copier, JobManager jobs) {
        this.volumes = volumes;
        this.creator = creator;
        this.copier = copier;
        this.jobs = jobs;
    }

    @Override
    public UUID create(UUID volumeID, UUID storagedomainID, UUID imageID, long size, VolumeFormat volFormat,
                       Preallocation preallocate, String desc, UUID srcImgUUID, UUID srcVolUUID, Long initialSize,
                       String diskType, UUID storagepoolID) {
        return creator.create(new VolumeCreator.Request(volumeID, storagedomainID, imageID, size, volFormat,
                preallocate, desc, srcImgUUID, srcVolUUID, initialSize, diskType));
    }

    @Override
    public VolumeInfo getInfo(UUID storagedomainID, UUID imageID, UUID volumeID, UUID storagepoolID) {
        LocalDomain domain = volumes.domains.get(storagedomainID);
        VolumeMetadata volume = Volumes.volume(domain, imageID, volumeID);
        Path file = domain.volumePath(volume);
        Sizes sizes = sizes(domain, volume);
        Optional<String> user = volumes.usage.userOf(file);
        return new VolumeInfo(volume.uuid(), volume.domain(), volume.image(),
                volume.parent() == null ? Volumes.BLANK : volume.parent(),
                volume.parentImage() == null || volume.parentImage().equals(volume.image()) ? null
                        : volume.parentImage(),
                volume.format(), volume.preallocation(),
                domain.children(volume.uuid()).isEmpty() ? VolumeRole.LEAF : VolumeRole.INTERNAL,
                volume.diskType(), volume.description(), volume.legality(), sizes.capacity, sizes.apparent,
                sizes.allocated, volume.ctime(), file.toString(), user.isPresent(), user.orElse(null));
    }

    /**
     * Capacity (the metadata's, which every create and extend keeps), file size and allocation (stat(2), or qemu-img
     * where that is unavailable); a volume still being made has no file yet.
     */
    private Sizes sizes(LocalDomain domain, VolumeMetadata volume) {
        try {
            VolumeSize file = fileSizes(volumes, domain.volumePath(volume));
            return new Sizes(volume.capacity(), file.apparentsize(), file.truesize());
        } catch (IOException e) {
            if (!volume.isLegal()) {
                return new Sizes(volume.capacity(), 0, 0);
            }
            throw Volumes.failure(ErrorCode.GENERAL, domain.id(), "Cannot read volume " + volume.uuid(), e);
        }
    }

    private record Sizes(long capacity, long apparent, long allocated) {
    }

    /** A volume file's size and allocation (stat(2), or qemu-img where that is unavailable). */
    static VolumeSize fileSizes(Volumes volumes, Path file) throws IOException {
        OptionalLong allocated = FileAllocation.allocated(file);
        return new VolumeSize(Files.size(file), allocated.isPresent() ? allocated.getAsLong()
                : volumes.qemu.info(file).actualSize());
    }

    @Override
    public VolumeSize getSize(UUID storagedomainID, UUID imageID, UUID volumeID, UUID storagepoolID) {
        LocalDomain domain = volumes.domains.get(storagedomainID);
        Sizes sizes = sizes(domain, Volumes.volume(domain, imageID, volumeID));
        return new VolumeSize(sizes.apparent, sizes.allocated);
    }

    @Override
    public void extendSize(UUID storagedomainID, UUID imageID, UUID volumeID, long newSize, UUID storagepoolID) {
        LocalDomain domain = volumes.active(storagedomainID);
        try (Lease lease = volumes.lock(List.of(storagedomainID), List.of(volumeID))) {
            VolumeMetadata volume = Volumes.legal(Volumes.volume(domain, imageID, volumeID));
            long size = Volumes.sectors(newSize);
            if (size < volume.capacity()) {
                throw io.hostbridge.api.BridgeException.forParameter(ErrorCode.VOLUME_RESIZE_VALUE_ERROR, "newSize",
                        "Shrinking is refused: volume " + volumeID + " has " + volume.capacity() + " bytes, newSize is "
                                + size);
            }
            if (size == volume.capacity()) {
                return;
            }
            Volumes.requireNoChildren(domain, volume);
            volumes.requireUnused(domain, volume);
            boolean preallocated = volume.preallocation() == Preallocation.PREALLOCATED;
            if (preallocated) {
                Volumes.requireSpace(domain, size - volume.capacity());
            }
            try {
                volumes.qemu.resize(domain.volumePath(volume), volume.format(), size, preallocated);
                domain.writeVolume(volume.withCapacity(size));
            } catch (IOException e) {
                throw Volumes.failure(ErrorCode.VOLUME_EXTENDING_ERROR, domain.id(), "Cannot extend volume "
                        + volumeID, e);
            }
        }
    }

    @Override
    public VolumeMeasure measure(UUID storagedomainID, UUID imageID, UUID volumeID, VolumeFormat destFormat,
                                 UUID storagepoolID) {
        LocalDomain domain = volumes.domains.get(storagedomainID);
        VolumeMetadata volume = Volumes.legal(Volumes.volume(domain, imageID, volumeID));
        try {
            QemuImg.Measure m = volumes.qemu.measure(domain.volumePath(volume), volume.format(), destFormat);
            return new VolumeMeasure(m.required(), m.fullyAllocated());
        } catch (IOException e) {
            throw Volumes.failure(ErrorCode.GENERAL, domain.id(), "Cannot measure volume " + volumeID, e);
        }
    }

    @Override
    public UUID copy(UUID storagedomainID, UUID imageID, UUID volumeID, UUID dstSdUUID, UUID dstImgUUID,
                     UUID dstVolUUID, VolumeFormat volFormat, Preallocation preallocate, String desc,
                     UUID storagepoolID) {
        return copier.copyToNew(new VolumeCopier.Endpoint(storagedomainID, imageID, volumeID),
                new VolumeCopier.Endpoint(dstSdUUID, dstImgUUID, dstVolUUID), volFormat, preallocate, desc);
    }

    @Override
    public UUID delete(UUID storagedomainID, UUID imageID, UUID volumeID, boolean postZero, boolean force,
                       UUID storagepoolID) {
        LocalDomain domain = volumes.active(storagedomainID);
        try (Lease lease = volumes.lock(List.of(storagedomainID), List.of(volumeID, imageID))) {
            VolumeMetadata volume = Volumes.volume(domain, imageID, volumeID);
            Volumes.requireNoChildren(domain, volume);
            volumes.requireUnused(domain, volume);
            try {
                domain.writeVolume(volume.markedForDeletion());
                domain.removeVolume(volume);
            } catch (IOException e) {
                throw Volumes.failure(ErrorCode.GENERAL, domain.id(), "Cannot delete volume " + volumeID, e);
            }
        }
        return jobs.recordDone(UUID.randomUUID(), "delete_volume");
    }

    @Override
    public QemuImageInfo getQemuImageInfo(UUID volumeID, UUID storagedomainID, UUID imageID, UUID storagepoolID) {
        LocalDomain domain = volumes.domains.get(storagedomainID);
        VolumeMetadata volume = Volumes.volume(domain, imageID, volumeID);
        try {
            return qemuImageInfo(volumes.qemu.details(domain.volumePath(volume)));
        } catch (IOException e) {
            throw Volumes.failure(ErrorCode.GENERAL, domain.id(), "Cannot read volume " + volumeID, e);
        }
    }

    static QemuImageInfo qemuImageInfo(QemuImg.Details d) {
        return new QemuImageInfo("qcow2".equals(d.format()) ? QemuImageFormat.QCOW2 : QemuImageFormat.RAW,
                d.virtualSize(), d.clusterSize(), d.backingFilename(), d.compat(), d.bitmaps() == null ? null
                : d.bitmaps().stream().map(b -> new Qcow2BitmapInfo(b.name(), b.granularity(), b.flags())).toList());
    }

    @Override
    public void setDescription(UUID volumeID, UUID storagedomainID, UUID imageID, String description,
                               UUID storagepoolID) {
        volumes.update(storagedomainID, imageID, volumeID, null, description);
    }

    @Override
    public void setLegality(UUID volumeID, UUID storagedomainID, UUID imageID, Legality legality,
                            UUID storagepoolID) {
        volumes.update(storagedomainID, imageID, volumeID, legality, null);
    }

    @Override
    public void refresh(UUID volumeID, UUID storagedomainID, UUID imageID, UUID storagepoolID) {
        LocalDomain domain = volumes.domains.get(storagedomainID);
        try (Lease lease = volumes.lock(List.of(storagedomainID), List.of(volumeID))) {
            Volumes.volume(domain, imageID, volumeID);
            if (!domain.reload(imageID, volumeID)) {
                throw StorageErrors.noVolume(storagedomainID, imageID, volumeID);
            }
        } catch (IOException e) {
            throw Volumes.failure(ErrorCode.GENERAL, storagedomainID, "Cannot read the metadata of volume " + volumeID,
                    e);
        }
    }

    @Override
    public void teardown(UUID storagedomainID, UUID imageID, UUID volumeID) {
        // a file volume has nothing to deactivate: what is left is to say whether it is there
        Volumes.volume(volumes.active(storagedomainID), imageID, volumeID);
    }

    @Override
    public void verify_untrusted(UUID storagedomainID, UUID imageID, UUID volumeID, UUID storagepoolID) {
        LocalDomain domain = volumes.domains.get(storagedomainID);
        VolumeMetadata volume = Volumes.volume(domain, imageID, volumeID);
        QemuImg.Untrusted info;
        try {
            info = volumes.qemu.untrusted(domain.volumePath(volume));
        } catch (IOException e) {
            throw io.hostbridge.api.BridgeException.of(ErrorCode.IMAGE_VERIFICATION_ERROR, "Volume " + volumeID
                    + " cannot be read as an image: " + (e instanceof QemuImg.Failure ? e.getMessage() : "qemu-img"
                    + " failed"));
        }
        String expected = QemuImg.qemuName(volume.format());
        if (!expected.equals(info.format())) {
            throw unverified(volumeID, "its file is " + info.format() + ", its metadata says " + expected);
        }
        if (info.virtualSize() > volume.capacity()) {
            throw unverified(volumeID, "its virtual size " + info.virtualSize() + " is more than its capacity "
                    + volume.capacity());
        }
        if (!java.util.Objects.equals(volume.backingName(), info.backingFilename())) {
            throw unverified(volumeID, info.backingFilename() == null ? "it has no backing file, its metadata names"
                    + " parent " + volume.parent() : "its backing file is not its parent"
                    + (volume.parent() == null ? " (it has none)" : " " + volume.parent()));
        }
        if (info.dataFile() != null) {
            throw unverified(volumeID, "it names an external data file");
        }
        if ("qcow2".equals(info.format()) && !"1.1".equals(info.compat()) && !"0.10".equals(info.compat())) {
            throw unverified(volumeID, "qcow2 compat " + info.compat() + " is not supported");
        }
    }

    private static io.hostbridge.api.BridgeException unverified(UUID volumeID, String why) {
        return io.hostbridge.api.BridgeException.of(ErrorCode.IMAGE_VERIFICATION_ERROR, "Volume " + volumeID
                + " failed verification: " + why);
    }
}
