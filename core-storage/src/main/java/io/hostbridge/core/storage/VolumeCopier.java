package io.hostbridge.core.storage;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.storage.Legality;
import io.hostbridge.api.storage.Preallocation;
import io.hostbridge.api.storage.VolumeFormat;
import io.hostbridge.core.jobs.JobControl;
import io.hostbridge.core.jobs.JobManager;
import io.hostbridge.core.storage.LockTable.Lease;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Copy and convert jobs with {@code qemu-img convert -p}: Volume.copy into a new volume, SDM.copy_data into an
 * existing one. Checks and locks happen in the call; the job only copies. The destination is ILLEGAL while it is
 * written; a failed or aborted copy removes a new destination and leaves an existing one ILLEGAL.
 */
@Singleton
final class VolumeCopier {
    private final Volumes volumes;
    private final VolumeCreator creator;
    private final JobManager jobs;

    @Inject
    VolumeCopier(Volumes volumes, VolumeCreator creator, JobManager jobs) {
        this.volumes = volumes;
        this.creator = creator;
        this.jobs = jobs;
    }

    /** A volume by its three ids. */
    record Endpoint(UUID domain, UUID image, UUID volume) {
    }

    UUID copyToNew(Endpoint from, Endpoint to, VolumeFormat format, Preallocation preallocation, String description) {
        LocalDomain source = volumes.active(from.domain());
        LocalDomain target = volumes.active(to.domain());
        Lease lease = volumes.lock(List.of(from.domain(), to.domain(), from.volume()), List.of(to.volume(),
                to.image()));
        try {
            VolumeMetadata src = Volumes.legal(Volumes.volume(source, from.image(), from.volume()));
            if (target.volume(to.volume()).isPresent()) {
                throw BridgeException.of(ErrorCode.VOLUME_ALREADY_EXISTS, "Volume already exists in domain "
                        + to.domain() + ": " + to.volume());
            }
            if (!target.volumesOf(to.image()).isEmpty()) {
                throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "dstImgUUID", "Invalid parameter"
                        + " 'dstImgUUID': image " + to.image() + " already has volumes; a copy starts a new image");
            }
            // a preallocated copy takes its full size; a sparse one about what the data needs, which qemu-img
            // measures best for qcow2 (for a raw target it reports the full size, sparse or not)
            Volumes.requireSpace(target, preallocation == Preallocation.PREALLOCATED
                    ? measure(source, src, format).fullyAllocated()
                    : measure(source, src, VolumeFormat.COW).required());
            UUID jobId = UUID.randomUUID();
            VolumeMetadata dst = new VolumeMetadata(to.volume(), to.domain(), to.image(), null, null, format,
                    preallocation, src.diskType(), description, src.capacity(), Legality.ILLEGAL,
                    Instant.now().getEpochSecond(), jobId, false);
            try {
                Files.createDirectories(target.imageDir(to.image()));
                target.writeVolume(dst);
            } catch (IOException e) {
                Volumes.removeQuietly(target, dst);
                throw Volumes.failure(ErrorCode.VOLUME_COPY_ERROR, to.domain(), "Cannot create volume " + to.volume(),
                        e);
            }
            Lease held = lease;
            lease = null;
            return jobs.submit(jobId, "copy_volume", control -> {
                try (held) {
                    if (control.abortRequested()) {
                        throw BridgeException.of(ErrorCode.TASK_ABORTED, "Aborted before it started");
                    }
                    creator.makeFile(target, dst, null);
                    convert(source, src, target, dst, true, control);
                } catch (IOException | RuntimeException e) {
                    target.volume(dst.uuid()).ifPresent(v -> Volumes.removeQuietly(target, v));
                    throw Volumes.failure(ErrorCode.VOLUME_COPY_ERROR, to.domain(), "Cannot copy volume "
                            + from.volume() + " to " + to.volume(), e);
                }
            });
        } finally {
            if (lease != null) {
                lease.close();
            }
        }
    }

    void copyData(UUID jobId, Endpoint from, Endpoint to) {
        LocalDomain source = volumes.active(from.domain());
        LocalDomain target = volumes.active(to.domain());
        if (from.volume().equals(to.volume()) && from.domain().equals(to.domain())) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "destination", "Invalid parameter"
                    + " 'destination': the same volume as the source");
        }
        Lease lease = volumes.lock(List.of(from.domain(), to.domain(), from.volume()), List.of(to.volume()));
        try {
            VolumeMetadata src = Volumes.legal(Volumes.volume(source, from.image(), from.volume()));
            VolumeMetadata dst = Volumes.volume(target, to.image(), to.volume());
            Volumes.requireNoChildren(target, dst);
            volumes.requireUnused(target, dst);
            long capacity = capacity(source, src);
            if (dst.capacity() < capacity) {
                throw BridgeException.forParameter(ErrorCode.VOLUME_RESIZE_VALUE_ERROR, "destination", "Destination"
                        + " volume " + dst.uuid() + " (" + dst.capacity() + " bytes) is smaller than the source ("
                        + capacity + " bytes)");
            }
            VolumeMetadata writing = dst.illegal();
            try {
                target.writeVolume(writing);
            } catch (IOException e) {
                throw Volumes.failure(ErrorCode.VOLUME_COPY_ERROR, to.domain(), "Cannot mark volume " + dst.uuid(), e);
            }
            Lease held = lease;
            lease = null;
            jobs.submit(jobId, "copy_data", control -> {
                try (held) {
                    convert(source, src, target, writing, false, control);
                }
            });
        } finally {
            if (lease != null) {
                lease.close();
            }
        }
    }

    private QemuImg.Measure measure(LocalDomain domain, VolumeMetadata volume, VolumeFormat format) {
        try {
            return volumes.qemu.measure(domain.volumePath(volume), volume.format(), format);
        } catch (IOException e) {
            throw Volumes.failure(ErrorCode.VOLUME_COPY_ERROR, domain.id(), "Cannot measure volume " + volume.uuid(), e);
        }
    }

    private long capacity(LocalDomain domain, VolumeMetadata volume) {
        try {
            return volumes.qemu.info(domain.volumePath(volume)).virtualSize();
        } catch (IOException e) {
            throw Volumes.failure(ErrorCode.VOLUME_COPY_ERROR, domain.id(), "Cannot read volume " + volume.uuid(), e);
        }
    }

    /** Runs the copy and marks the destination LEGAL; an abort kills qemu-img. */
    private void convert(LocalDomain source, VolumeMetadata src, LocalDomain target, VolumeMetadata dst,
                         boolean targetIsZero, JobControl control) {
        try {
            volumes.qemu.convert(source.volumePath(src), src.format(), target.volumePath(dst), dst.format(),
                    targetIsZero, control);
            if (control.abortRequested()) {
                throw BridgeException.of(ErrorCode.TASK_ABORTED, "Aborted");
            }
            target.writeVolume(dst.legal());
        } catch (IOException e) {
            if (control.abortRequested()) {
                throw BridgeException.of(ErrorCode.TASK_ABORTED, "Aborted");
            }
            throw Volumes.failure(ErrorCode.VOLUME_COPY_ERROR, target.id(), "Cannot copy volume " + src.uuid()
                    + " to " + dst.uuid(), e);
        }
    }
}
