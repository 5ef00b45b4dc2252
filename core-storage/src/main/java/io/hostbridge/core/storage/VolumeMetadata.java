package io.hostbridge.core.storage;

import io.hostbridge.api.storage.Legality;
import io.hostbridge.api.storage.Preallocation;
import io.hostbridge.api.storage.VolumeFormat;
import java.util.UUID;

/**
 * A volume's {@code <volumeID>.meta} file (JSON), next to the volume in its image directory.
 *
 * @param parent      backing volume, or null for a base volume
 * @param parentImage image of the backing volume (this image for a snapshot, another for a template)
 * @param capacity    guest-visible size in bytes
 * @param legality    ILLEGAL from before the file is created until it is complete, and while it is overwritten
 * @param ctime       creation time, seconds since the epoch
 * @param creatingJob the job creating the volume, until it is LEGAL: a volume still ILLEGAL with a creating job
 *                    after a restart is an interrupted creation and is removed
 * @param deleting    true once deletion started: a restart finishes it
 */
record VolumeMetadata(UUID uuid, UUID domain, UUID image, UUID parent, UUID parentImage, VolumeFormat format,
                      Preallocation preallocation, String diskType, String description, long capacity,
                      Legality legality, long ctime, UUID creatingJob, boolean deleting) {

    VolumeMetadata legal() {
        return new VolumeMetadata(uuid, domain, image, parent, parentImage, format, preallocation, diskType,
                description, capacity, Legality.LEGAL, ctime, null, false);
    }

    VolumeMetadata illegal() {
        return new VolumeMetadata(uuid, domain, image, parent, parentImage, format, preallocation, diskType,
                description, capacity, Legality.ILLEGAL, ctime, creatingJob, deleting);
    }

    VolumeMetadata markedForDeletion() {
        return new VolumeMetadata(uuid, domain, image, parent, parentImage, format, preallocation, diskType,
                description, capacity, Legality.ILLEGAL, ctime, creatingJob, true);
    }

    VolumeMetadata withCapacity(long newCapacity) {
        return new VolumeMetadata(uuid, domain, image, parent, parentImage, format, preallocation, diskType,
                description, newCapacity, legality, ctime, creatingJob, deleting);
    }

    VolumeMetadata withParent(UUID nextParent, UUID nextParentImage) {
        return new VolumeMetadata(uuid, domain, image, nextParent, nextParentImage, format, preallocation, diskType,
                description, capacity, legality, ctime, creatingJob, deleting);
    }

    VolumeMetadata withDescription(String next) {
        return new VolumeMetadata(uuid, domain, image, parent, parentImage, format, preallocation, diskType,
                next, capacity, legality, ctime, creatingJob, deleting);
    }

    /**
     * The backing file name its qcow2 header records, relative to its image directory: the parent's id in the same
     * image, {@code ../<image>/<id>} in a template's; null for a base volume.
     */
    String backingName() {
        if (parent == null) {
            return null;
        }
        return parentImage == null || parentImage.equals(image) ? parent.toString()
                : "../" + parentImage + "/" + parent;
    }

    boolean isLegal() {
        return legality == Legality.LEGAL;
    }
}
