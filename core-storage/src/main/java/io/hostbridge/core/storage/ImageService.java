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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Image namespace: deleting a whole image in a job. */
@Singleton
final class ImageService implements ImageApi {
    private static final Logger LOG = LoggerFactory.getLogger(ImageService.class);
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

    @Override
    public void teardown(UUID storagedomainID, UUID imageID, UUID volumeID, UUID storagepoolID) {
        // file volumes have nothing to deactivate (VDSM's file domains remove a link it keeps in /run; we keep none)
        LocalDomain domain = volumes.active(storagedomainID);
        if (domain.volumesOf(imageID).isEmpty()) {
            throw StorageErrors.noImage(storagedomainID, imageID);
        }
        if (volumeID != null) {
            Volumes.volume(domain, imageID, volumeID);
        }
    }

    @Override
    public List<UUID> reconcileVolumeChain(UUID storagedomainID, UUID imageID, UUID leafVolID, UUID storagepoolID) {
        LocalDomain domain = volumes.active(storagedomainID);
        List<VolumeMetadata> image = domain.volumesOf(imageID);
        if (image.isEmpty()) {
            throw StorageErrors.noImage(storagedomainID, imageID);
        }
        try (Lease lease = volumes.lock(List.of(storagedomainID), image.stream().map(VolumeMetadata::uuid).toList())) {
            VolumeMetadata leaf = Volumes.volume(domain, imageID, leafVolID);
            for (VolumeMetadata v : domain.volumesOf(imageID)) {
                volumes.requireUnused(domain, v);
            }
            if (!leaf.isLegal() && leaf.parent() != null) {
                // an interrupted merge of the leaf into its parent: the parent holds the data now
                leaf = Volumes.volume(domain, leaf.parentImage() == null ? imageID : leaf.parentImage(),
                        leaf.parent());
            }
            // the chain as the files say it, leaf first; a parent in another image (a template) ends the walk
            List<VolumeMetadata> chain = new ArrayList<>();
            VolumeMetadata at = leaf;
            Set<UUID> seen = new HashSet<>();
            while (at != null && at.image().equals(imageID) && seen.add(at.uuid())) {
                chain.add(at);
                String backing = volumes.qemu.info(domain.volumePath(at)).backingFilename();
                VolumeMetadata parent = backing == null ? null : backingVolume(domain, at, backing);
                UUID parentImage = parent == null || parent.image().equals(imageID) ? null : parent.image();
                if (!java.util.Objects.equals(parent == null ? null : parent.uuid(), at.parent())
                        || !java.util.Objects.equals(parentImage, at.parentImage())) {
                    domain.writeVolume(at.withParent(parent == null ? null : parent.uuid(), parentImage));
                    LOG.info("volume {}: parent set to {}, as its file says", at.uuid(),
                            parent == null ? "none" : parent.uuid());
                }
                at = parent;
            }
            Set<UUID> inChain = new HashSet<>();
            chain.forEach(v -> inChain.add(v.uuid()));
            for (VolumeMetadata v : domain.volumesOf(imageID)) {
                if (!inChain.contains(v.uuid()) && v.isLegal()) {
                    domain.writeVolume(v.illegal());
                    LOG.info("volume {} is no longer in image {}'s chain: marked ILLEGAL", v.uuid(), imageID);
                }
            }
            List<UUID> ids = new ArrayList<>();
            for (int i = chain.size() - 1; i >= 0; i--) {
                ids.add(chain.get(i).uuid());
            }
            return ids;
        } catch (IOException e) {
            throw Volumes.failure(ErrorCode.GENERAL, storagedomainID, "Cannot reconcile image " + imageID
                    + "'s volume chain", e);
        }
    }

    /**
     * The volume a qcow2 backing file name names: {@code <id>} in the same image, or {@code ../<image>/<id>} in
     * another (a template's), as Volume.create writes them.
     */
    private static VolumeMetadata backingVolume(LocalDomain domain, VolumeMetadata child, String backing)
            throws IOException {
        java.nio.file.Path name = java.nio.file.Path.of(backing);
        try {
            UUID id = UUID.fromString(name.getFileName().toString());
            UUID image = name.getNameCount() == 1 ? child.image()
                    : UUID.fromString(name.getName(name.getNameCount() - 2).toString());
            return Volumes.volume(domain, image, id);
        } catch (IllegalArgumentException e) {
            throw new IOException("volume " + child.uuid() + " is backed by a file that is not a volume of its"
                    + " domain");
        }
    }

    @Override
    public UUID cloneStructure(UUID imageID, UUID storagedomainID, UUID dstSdUUID, UUID storagepoolID) {
        Plan plan = plan(imageID, storagedomainID, dstSdUUID, false);
        Lease held = plan.lease();
        return jobs.submit(UUID.randomUUID(), "clone_structure", control -> {
            try (held) {
                clone(plan);
            }
        });
    }

    @Override
    public UUID syncData(UUID imageID, UUID storagedomainID, UUID dstSdUUID,
                         io.hostbridge.api.storage.SyncType syncType, UUID storagepoolID) {
        LocalDomain source = volumes.active(storagedomainID);
        LocalDomain target = volumes.active(dstSdUUID);
        List<VolumeMetadata> chain = baseFirst(source, storagedomainID, imageID);
        List<VolumeMetadata> selected = switch (syncType) {
            case ALL -> chain;
            case LEAF -> chain.subList(chain.size() - 1, chain.size());
            case INTERNAL -> chain.subList(0, chain.size() - 1);
        };
        List<UUID> ids = new ArrayList<>(selected.stream().map(VolumeMetadata::uuid).toList());
        Lease lease = volumes.lock(List.of(storagedomainID, dstSdUUID), ids);
        try {
            for (VolumeMetadata v : selected) {
                volumes.requireUnused(source, v);
                Volumes.volume(target, imageID, v.uuid()); // the clone must be there (201)
            }
            Lease held = lease;
            lease = null;
            return jobs.submit(UUID.randomUUID(), "sync_data", control -> {
                try (held) {
                    copyData(source, target, selected, control);
                }
            });
        } finally {
            if (lease != null) {
                lease.close();
            }
        }
    }

    @Override
    public UUID move(UUID imageID, UUID storagedomainID, UUID dstSdUUID,
                     io.hostbridge.api.storage.ImageMoveOperation operation, boolean postZero, boolean force,
                     boolean discard, UUID storagepoolID) {
        Plan plan = plan(imageID, storagedomainID, dstSdUUID, true);
        Lease held = plan.lease();
        boolean move = operation == io.hostbridge.api.storage.ImageMoveOperation.MOVE;
        if (move) {
            Set<UUID> inImage = new HashSet<>(plan.chain().stream().map(VolumeMetadata::uuid).toList());
            for (VolumeMetadata v : plan.chain()) {
                List<UUID> outside = plan.source().children(v.uuid()).stream().map(VolumeMetadata::uuid)
                        .filter(child -> !inImage.contains(child)).toList();
                if (!outside.isEmpty()) {
                    held.close();
                    throw StorageErrors.hasChildren(v.uuid(), outside);
                }
            }
        }
        return jobs.submit(UUID.randomUUID(), move ? "move_image" : "copy_image", control -> {
            try (held) {
                clone(plan);
                copyData(plan.source(), plan.target(), plan.chain(), control);
                if (move) {
                    for (VolumeMetadata v : leafFirst(plan.chain())) {
                        VolumeMetadata current = plan.source().volume(v.uuid()).orElse(v);
                        plan.source().writeVolume(current.markedForDeletion());
                        plan.source().removeVolume(current);
                    }
                }
            }
        });
    }

    /** What cloning an image to another domain works on, checked, with the locks held. */
    private record Plan(LocalDomain source, LocalDomain target, List<VolumeMetadata> chain, Lease lease) {
    }

    private Plan plan(UUID imageID, UUID storagedomainID, UUID dstSdUUID, boolean unused) {
        if (storagedomainID.equals(dstSdUUID)) {
            throw io.hostbridge.api.BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "dstSdUUID", "Invalid"
                    + " parameter 'dstSdUUID': the image's own domain");
        }
        LocalDomain source = volumes.active(storagedomainID);
        LocalDomain target = volumes.active(dstSdUUID);
        List<VolumeMetadata> chain = baseFirst(source, storagedomainID, imageID);
        List<UUID> exclusive = new ArrayList<>(chain.stream().map(VolumeMetadata::uuid).toList());
        exclusive.add(imageID);
        Lease lease = volumes.lock(List.of(storagedomainID, dstSdUUID), exclusive);
        try {
            for (VolumeMetadata v : chain) {
                if (unused) {
                    volumes.requireUnused(source, v);
                }
                Volumes.legal(v);
                if (target.volume(v.uuid()).isPresent()) {
                    throw io.hostbridge.api.BridgeException.of(ErrorCode.VOLUME_ALREADY_EXISTS, "Volume " + v.uuid()
                            + " exists in domain " + dstSdUUID + " already");
                }
                if (v.parentImage() != null && !v.parentImage().equals(imageID)) {
                    Volumes.volume(target, v.parentImage(), v.parent()); // the template, in the destination
                }
            }
            return new Plan(source, target, chain, lease);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /** The image's volumes, base first (268 when it has none). */
    private static List<VolumeMetadata> baseFirst(LocalDomain domain, UUID domainId, UUID imageId) {
        List<VolumeMetadata> chain = new ArrayList<>(leafFirst(domain.volumesOf(imageId)));
        if (chain.isEmpty()) {
            throw StorageErrors.noImage(domainId, imageId);
        }
        java.util.Collections.reverse(chain);
        return chain;
    }

    /** Makes each volume's clone in the target, ILLEGAL, empty, base first, backed as the source is. */
    private void clone(Plan plan) throws IOException {
        for (VolumeMetadata v : plan.chain()) {
            VolumeMetadata clone = new VolumeMetadata(v.uuid(), plan.target().id(), v.image(), v.parent(),
                    v.parentImage(), v.format(), v.preallocation(), v.diskType(), v.description(), v.capacity(),
                    io.hostbridge.api.storage.Legality.ILLEGAL, java.time.Instant.now().getEpochSecond(), null, false);
            plan.target().writeVolume(clone);
            java.nio.file.Files.createDirectories(plan.target().imageDir(v.image()));
            VolumeMetadata parent = v.parent() == null ? null : plan.target().volume(v.parent()).orElse(null);
            volumes.qemu.create(plan.target().volumePath(clone), v.format(), v.capacity(), false, v.backingName(),
                    parent == null ? null : parent.format());
        }
    }

    /** Copies each volume's file over its clone's (sparse, as it is) and marks the clone LEGAL. */
    private static void copyData(LocalDomain source, LocalDomain target, List<VolumeMetadata> selected,
                                 io.hostbridge.core.jobs.JobControl control) throws Exception {
        for (int i = 0; i < selected.size(); i++) {
            VolumeMetadata v = selected.get(i);
            VolumeMetadata clone = target.volume(v.uuid()).orElseThrow();
            target.writeVolume(clone.illegal());
            Process cp = io.hostbridge.core.Spawner.start(new ProcessBuilder("cp", "--sparse=always", "--",
                    source.volumePath(v).toString(), target.volumePath(clone).toString()).redirectErrorStream(true));
            control.onAbort(cp::destroyForcibly);
            String out = new String(cp.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (cp.waitFor() != 0) {
                throw io.hostbridge.api.BridgeException.of(ErrorCode.VOLUME_COPY_ERROR, "Copying volume " + v.uuid()
                        + " failed; its clone stays ILLEGAL" + (out.isBlank() ? "" : " (cp exit " + cp.exitValue()
                        + ")"));
            }
            target.writeVolume(target.volume(v.uuid()).orElseThrow().legal());
            control.progress(100.0 * (i + 1) / selected.size());
        }
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
