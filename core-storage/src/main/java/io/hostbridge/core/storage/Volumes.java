package io.hostbridge.core.storage;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.storage.DomainStatus;
import io.hostbridge.api.storage.Legality;
import io.hostbridge.core.storage.LockTable.Lease;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every storage operation needs: domains and volumes looked up with the right error, locks, the in-use check
 * and the mapping of I/O failures to errors.
 */
@Singleton
final class Volumes {
    /** VDSM's "no volume" UUID: callers send it for an absent parent. */
    static final UUID BLANK = new UUID(0, 0);
    private static final Logger LOG = LoggerFactory.getLogger(Volumes.class);

    final DomainRegistry domains;
    final QemuImg qemu;
    final LockTable locks;
    final VolumeUsage usage;

    @Inject
    Volumes(DomainRegistry domains, StorageSettings settings, VolumeUsage usage) {
        this.domains = domains;
        this.qemu = new QemuImg(settings.copyRateLimit());
        this.locks = new LockTable(settings.lockTimeout());
        this.usage = usage;
    }

    /** The domain, which must be active (358, 369). */
    LocalDomain active(UUID domainId) {
        LocalDomain domain = domains.get(domainId);
        if (domain.metadata().status() != DomainStatus.ACTIVE) {
            throw StorageErrors.inactive(domainId);
        }
        return domain;
    }

    /** The volume, which must be in that image (201). */
    static VolumeMetadata volume(LocalDomain domain, UUID imageId, UUID volumeId) {
        return domain.volume(volumeId).filter(v -> v.image().equals(imageId))
                .orElseThrow(() -> StorageErrors.noVolume(domain.id(), imageId, volumeId));
    }

    static VolumeMetadata legal(VolumeMetadata volume) {
        if (!volume.isLegal()) {
            throw StorageErrors.illegal(volume.uuid());
        }
        return volume;
    }

    /** Refuses a volume a VM or transfer uses (203, naming the user). */
    void requireUnused(LocalDomain domain, VolumeMetadata volume) {
        usage.userOf(domain.volumePath(volume)).ifPresent(user -> {
            throw StorageErrors.inUse(volume.uuid(), user);
        });
    }

    /** Refuses a volume that backs another (204). */
    static void requireNoChildren(LocalDomain domain, VolumeMetadata volume) {
        List<VolumeMetadata> children = domain.children(volume.uuid());
        if (!children.isEmpty()) {
            throw StorageErrors.hasChildren(volume.uuid(), children.stream().map(VolumeMetadata::uuid).toList());
        }
    }

    Lease lock(List<UUID> shared, List<UUID> exclusive) {
        return locks.acquire(shared, exclusive);
    }

    /**
     * Changes a volume's legality and/or description (null: unchanged) under its exclusive lock. Refused while the
     * volume is in use: a VM or transfer must not see its volume turn ILLEGAL under it.
     */
    void update(UUID domainId, UUID imageId, UUID volumeId, Legality legality, String description) {
        LocalDomain domain = active(domainId);
        try (Lease lease = lock(List.of(domainId), List.of(volumeId))) {
            VolumeMetadata volume = volume(domain, imageId, volumeId);
            VolumeMetadata next = volume;
            if (legality != null && legality != volume.legality()) {
                requireUnused(domain, volume);
                next = legality == Legality.LEGAL ? next.legal() : next.illegal();
            }
            if (description != null) {
                next = next.withDescription(description);
            }
            if (!next.equals(volume)) {
                domain.writeVolume(next);
            }
        } catch (IOException e) {
            throw failure(ErrorCode.GENERAL, domainId, "Cannot update volume " + volumeId, e);
        }
    }

    static boolean absent(UUID id) {
        return id == null || BLANK.equals(id);
    }

    /** Sizes in bytes, rounded up to whole 512-byte sectors as qemu needs. */
    static long sectors(long size) {
        if (size > Long.MAX_VALUE - 511) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "size", "Invalid parameter 'size': too large");
        }
        return (size + 511) / 512 * 512;
    }

    /** Refuses when {@code needed} bytes exceed the domain's free space (397). */
    static void requireSpace(LocalDomain domain, long needed) {
        long free = free(domain);
        if (needed > free) {
            throw StorageErrors.noSpace(domain.id(), needed, free);
        }
    }

    static long free(LocalDomain domain) {
        try {
            return domain.freeSpace();
        } catch (IOException e) {
            throw failure(ErrorCode.GENERAL, domain.id(), "Cannot read the free space of domain " + domain.id(), e);
        }
    }

    /**
     * An I/O failure as an error: a full file system is 397; a qemu-img failure keeps its (path-free) summary;
     * anything else carries its cause, which the call pipeline (or the job runner) logs under an error id.
     */
    static BridgeException failure(ErrorCode code, UUID domainId, String what, Exception e) {
        if (e instanceof BridgeException b) {
            return b;
        }
        if (StorageErrors.isDiskFull(e)) {
            return StorageErrors.diskFull(domainId);
        }
        if (e instanceof QemuImg.Failure) {
            return BridgeException.of(code, what + ": " + e.getMessage());
        }
        return BridgeException.failure(code, what, e);
    }

    /** Removes a volume that is being given up (failed creation, deletion), logging what cannot be removed. */
    static void removeQuietly(LocalDomain domain, VolumeMetadata volume) {
        try {
            domain.removeVolume(volume);
        } catch (IOException e) {
            LOG.error("Cannot remove volume {} of domain {}; it stays ILLEGAL", volume.uuid(), domain.id(), e);
        }
    }

    static List<UUID> ids(UUID... ids) {
        List<UUID> out = new ArrayList<>();
        for (UUID id : ids) {
            if (id != null) {
                out.add(id);
            }
        }
        return out;
    }
}
