package io.hostbridge.core.storage;

import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.storage.ImageApi;
import io.hostbridge.core.jobs.JobManager;
import io.hostbridge.core.storage.LockTable.Lease;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The Image namespace: deleting a whole image in a job. */
@Singleton
final class ImageService implements ImageApi {
    private final Volumes volumes;
    private final JobManager jobs;

    @Inject
    ImageService(Volumes volumes, JobManager jobs) {
        this.volumes = volumes;
        this.jobs = jobs;
    }

    @Override
    public List<UUID> getVolumes(UUID storagedomainID, UUID imageID, UUID storagepoolID) {
        List<VolumeMetadata> chain = leafFirst(volumes.active(storagedomainID).volumesOf(imageID));
        if (chain.isEmpty()) {
            throw StorageErrors.noImage(storagedomainID, imageID);
        }
        List<UUID> baseFirst = new ArrayList<>(chain.stream().map(VolumeMetadata::uuid).toList());
        java.util.Collections.reverse(baseFirst);
        return baseFirst;
    }

    @Override
    public UUID delete(UUID storagedomainID, UUID imageID, boolean postZero, boolean force, UUID storagepoolID) {
        LocalDomain domain = volumes.active(storagedomainID);
        List<VolumeMetadata> listed = domain.volumesOf(imageID);
        if (listed.isEmpty()) {
            throw StorageErrors.noImage(storagedomainID, imageID);
        }
        List<UUID> exclusive = new ArrayList<>(listed.stream().map(VolumeMetadata::uuid).toList());
        exclusive.add(imageID);
        Lease lease = volumes.lock(List.of(storagedomainID), exclusive);
        try {
            // creating a volume takes the image lock too, so the image cannot change from here on
            List<VolumeMetadata> chain = leafFirst(domain.volumesOf(imageID));
            if (chain.size() != listed.size()) {
                throw StorageErrors.busyImage(imageID);
            }
            Set<UUID> inImage = new HashSet<>(chain.stream().map(VolumeMetadata::uuid).toList());
            for (VolumeMetadata volume : chain) {
                volumes.requireUnused(domain, volume);
                List<UUID> outside = domain.children(volume.uuid()).stream().map(VolumeMetadata::uuid)
                        .filter(child -> !inImage.contains(child)).toList();
                if (!outside.isEmpty()) {
                    throw StorageErrors.hasChildren(volume.uuid(), outside);
                }
            }
            for (VolumeMetadata volume : chain) {
                try {
                    domain.writeVolume(volume.markedForDeletion());
                } catch (IOException e) {
                    throw Volumes.failure(ErrorCode.GENERAL, storagedomainID, "Cannot delete image " + imageID, e);
                }
            }
            Lease held = lease;
            lease = null;
            return jobs.submit(UUID.randomUUID(), "delete_image", control -> {
                try (held) {
                    for (int i = 0; i < chain.size(); i++) {
                        domain.removeVolume(domain.volume(chain.get(i).uuid()).orElse(chain.get(i)));
                        control.progress(100.0 * (i + 1) / chain.size());
                    }
                }
            });
        } finally {
            if (lease != null) {
                lease.close();
            }
        }
    }

    @Override
    public UUID deleteVolumes(UUID imageID, UUID storagedomainID, List<UUID> volumeList, boolean postZero,
                              boolean force, boolean discard, UUID storagepoolID) {
        LocalDomain domain = volumes.active(storagedomainID);
        Set<UUID> listed = new java.util.LinkedHashSet<>(volumeList);
        if (listed.isEmpty()) {
            throw io.hostbridge.api.BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "volumeList",
                    "Invalid parameter 'volumeList': no volume to delete");
        }
        List<UUID> exclusive = new ArrayList<>(listed);
        exclusive.add(imageID);
        try (Lease lease = volumes.lock(List.of(storagedomainID), exclusive)) {
            List<VolumeMetadata> selected = new ArrayList<>();
            for (UUID id : listed) {
                selected.add(Volumes.volume(domain, imageID, id));
            }
            for (VolumeMetadata volume : selected) {
                volumes.requireUnused(domain, volume);
                List<UUID> kept = domain.children(volume.uuid()).stream().map(VolumeMetadata::uuid)
                        .filter(child -> !listed.contains(child)).toList();
                if (!kept.isEmpty()) {
                    throw StorageErrors.hasChildren(volume.uuid(), kept);
                }
            }
            List<VolumeMetadata> ordered = leafFirst(selected);
            try {
                for (VolumeMetadata volume : ordered) {
                    domain.writeVolume(volume.markedForDeletion());
                }
                for (VolumeMetadata volume : ordered) {
                    domain.removeVolume(domain.volume(volume.uuid()).orElse(volume));
                }
            } catch (IOException e) {
                throw Volumes.failure(ErrorCode.GENERAL, storagedomainID, "Cannot delete volumes of image " + imageID,
                        e);
            }
        }
        return jobs.recordDone(UUID.randomUUID(), "delete_volumes");
    }

    @Override
    public io.hostbridge.api.storage.PreparedImage prepare(UUID storagedomainID, UUID imageID, UUID volumeID,
                                                           boolean allowIllegal, UUID storagepoolID) {
        LocalDomain domain = volumes.active(storagedomainID);
        List<io.hostbridge.api.storage.VolumeEndpointPath> chain = new ArrayList<>();
        VolumeMetadata volume = Volumes.volume(domain, imageID, volumeID);
        Set<UUID> seen = new HashSet<>();
        while (true) {
            if (!allowIllegal) {
                Volumes.legal(volume);
            }
            java.nio.file.Path file = domain.volumePath(volume);
            if (!java.nio.file.Files.isReadable(file)) {
                throw StorageErrors.noVolume(storagedomainID, volume.image(), volume.uuid());
            }
            chain.add(0, new io.hostbridge.api.storage.VolumeEndpointPath(storagedomainID, volume.image(),
                    volume.uuid(), file.toString()));
            if (volume.parent() == null || !seen.add(volume.uuid())) {
                break;
            }
            UUID parentImage = volume.parentImage() == null ? volume.image() : volume.parentImage();
            volume = Volumes.volume(domain, parentImage, volume.parent());
        }
        return new io.hostbridge.api.storage.PreparedImage(chain.get(chain.size() - 1).path(), chain);
    }

    /** The image's volumes, each before its parent. */
    static List<VolumeMetadata> leafFirst(List<VolumeMetadata> image) {
        List<VolumeMetadata> ordered = new ArrayList<>();
        List<VolumeMetadata> left = new ArrayList<>(image);
        while (!left.isEmpty()) {
            Set<UUID> parents = new HashSet<>();
            left.forEach(v -> parents.add(v.parent()));
            List<VolumeMetadata> leaves = left.stream().filter(v -> !parents.contains(v.uuid())).toList();
            if (leaves.isEmpty()) { // a cycle cannot be made through the API; take the rest as they come
                ordered.addAll(left);
                break;
            }
            ordered.addAll(leaves);
            left.removeAll(leaves);
        }
        return ordered;
    }
}
