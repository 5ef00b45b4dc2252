package io.hostbridge.core.storage;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.storage.Legality;
import io.hostbridge.api.storage.Preallocation;
import io.hostbridge.api.storage.VolumeFormat;
import io.hostbridge.core.jobs.JobManager;
import io.hostbridge.core.storage.LockTable.Lease;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Volume.create: metadata first, ILLEGAL and naming the creating job; then the file; then the metadata LEGAL. A
 * failure removes both, so nothing half-made remains; a crash leaves an ILLEGAL volume with a creating job, which
 * the next start removes.
 */
@Singleton
final class VolumeCreator {
    private final Volumes volumes;
    private final JobManager jobs;

    @Inject
    VolumeCreator(Volumes volumes, JobManager jobs) {
        this.volumes = volumes;
        this.jobs = jobs;
    }

    /** The wanted volume, as the caller described it. */
    record Request(UUID volumeId, UUID domainId, UUID imageId, long size, VolumeFormat format,
                   Preallocation preallocation, String description, UUID parentImage, UUID parent, Long initialSize,
                   String diskType) {
    }

    UUID create(Request r) {
        LocalDomain domain = volumes.active(r.domainId());
        UUID parentId = Volumes.absent(r.parent()) ? null : r.parent();
        UUID parentImage = parentId == null ? null : Volumes.absent(r.parentImage()) ? r.imageId() : r.parentImage();
        Lease lease = volumes.lock(Volumes.ids(r.domainId(), parentId), List.of(r.volumeId(), r.imageId()));
        try {
            VolumeMetadata parent = parentId == null ? null
                    : Volumes.legal(Volumes.volume(domain, parentImage, parentId));
            long capacity = Volumes.sectors(r.size());
            check(domain, r, parent, capacity);
            UUID jobId = UUID.randomUUID();
            VolumeMetadata volume = new VolumeMetadata(r.volumeId(), r.domainId(), r.imageId(), parentId,
                    parentImage, r.format(), r.preallocation(), r.diskType(), r.description(), capacity,
                    Legality.ILLEGAL, Instant.now().getEpochSecond(), jobId, false);
            write(domain, volume);
            if (r.preallocation() == Preallocation.SPARSE) {
                make(domain, volume, parent);
                return jobs.recordDone(jobId, "create_volume");
            }
            Lease held = lease;
            lease = null; // the job releases it
            return jobs.submit(jobId, "create_volume", control -> {
                try (held) {
                    if (control.abortRequested()) { // aborted while pending: nothing made but the metadata
                        Volumes.removeQuietly(domain, volume);
                        throw BridgeException.of(ErrorCode.TASK_ABORTED, "Aborted before it started");
                    }
                    make(domain, volume, parent);
                }
            });
        } finally {
            if (lease != null) {
                lease.close();
            }
        }
    }

    private void check(LocalDomain domain, Request r, VolumeMetadata parent, long capacity) {
        if (domain.volume(r.volumeId()).isPresent()) {
            throw BridgeException.of(ErrorCode.VOLUME_ALREADY_EXISTS, "Volume already exists in domain "
                    + domain.id() + ": " + r.volumeId());
        }
        List<VolumeMetadata> inImage = domain.volumesOf(r.imageId());
        if (parent == null) {
            if (!inImage.isEmpty()) {
                throw invalid("imageID", "image " + r.imageId() + " already has volumes; a volume added to it must be"
                        + " a snapshot of its leaf (srcVolUUID)");
            }
        } else {
            if (r.format() != VolumeFormat.COW) {
                throw invalid("volFormat", "a volume with a parent (srcVolUUID) must be COW");
            }
            if (r.preallocation() != Preallocation.SPARSE) {
                throw invalid("preallocate", "a volume with a parent (srcVolUUID) must be SPARSE");
            }
            if (capacity < parent.capacity()) {
                throw invalid("size", "a volume cannot be smaller than its parent (" + parent.capacity() + " bytes)");
            }
            if (parent.image().equals(r.imageId())) {
                if (!domain.children(parent.uuid()).isEmpty()) {
                    throw invalid("srcVolUUID", "volume " + parent.uuid() + " is not the leaf of image "
                            + r.imageId() + "; a snapshot is made of the leaf");
                }
            } else if (!inImage.isEmpty()) {
                throw invalid("imageID", "a volume based on a template (srcImgUUID is another image) starts a new"
                        + " image, and image " + r.imageId() + " already has volumes");
            }
        }
        if (r.initialSize() != null && r.preallocation() != Preallocation.SPARSE) {
            throw invalid("initialSize", "initialSize is for SPARSE volumes only");
        }
        if (r.preallocation() == Preallocation.PREALLOCATED) {
            Volumes.requireSpace(domain, capacity);
        } else if (r.initialSize() != null) {
            Volumes.requireSpace(domain, r.initialSize());
        }
    }

    private static BridgeException invalid(String param, String why) {
        return BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, param, "Invalid parameter '" + param + "': "
                + why);
    }

    private static void write(LocalDomain domain, VolumeMetadata volume) {
        try {
            Files.createDirectories(domain.imageDir(volume.image()));
            domain.writeVolume(volume);
        } catch (IOException e) {
            Volumes.removeQuietly(domain, volume);
            throw Volumes.failure(ErrorCode.VOLUME_CREATION_ERROR, domain.id(), "Cannot create volume "
                    + volume.uuid(), e);
        }
    }

    /** Makes the file and marks the volume LEGAL; on failure removes what was made. */
    void make(LocalDomain domain, VolumeMetadata volume, VolumeMetadata parent) {
        try {
            makeFile(domain, volume, parent);
            domain.writeVolume(volume.legal());
        } catch (IOException | RuntimeException e) {
            Volumes.removeQuietly(domain, volume);
            throw Volumes.failure(ErrorCode.VOLUME_CREATION_ERROR, domain.id(), "Cannot create volume "
                    + volume.uuid(), e);
        }
    }

    /** Makes the volume's file, empty: a sparse raw file, or qemu-img create. */
    void makeFile(LocalDomain domain, VolumeMetadata volume, VolumeMetadata parent) throws IOException {
        Path file = domain.volumePath(volume);
        boolean preallocate = volume.preallocation() == Preallocation.PREALLOCATED;
        if (volume.format() == VolumeFormat.RAW && !preallocate) {
            // a sparse raw file is an empty file of the right length; no need to start qemu-img for it
            try (RandomAccessFile raw = new RandomAccessFile(Files.createFile(file).toFile(), "rw")) {
                raw.setLength(volume.capacity());
                raw.getFD().sync();
            }
        } else {
            volumes.qemu.create(file, volume.format(), volume.capacity(), preallocate, volume.backingName(),
                    parent == null ? null : parent.format());
        }
    }
}
