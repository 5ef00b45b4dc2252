package io.hostbridge.api.vm;

import java.util.UUID;

/**
 * VDSM's volume handle, as VM.hibernate and vmParams.restoreState take it: {@code sdUUID,spUUID,imgUUID,volUUID}, then
 * optionally the image and volume of VDSM's VM configuration, which hostbridge does not need (it keeps the VM's record).
 */
public record VolumeHandle(UUID domainID, UUID imageID, UUID volumeID) {

    /** @throws IllegalArgumentException when the text is not such a handle */
    public static VolumeHandle parse(String handle) {
        String[] parts = handle.split(",", -1);
        if (parts.length < 4) {
            throw new IllegalArgumentException("a volume handle is 'sdUUID,spUUID,imgUUID,volUUID'");
        }
        try {
            return new VolumeHandle(UUID.fromString(parts[0].strip()), UUID.fromString(parts[2].strip()),
                    UUID.fromString(parts[3].strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a volume handle is 'sdUUID,spUUID,imgUUID,volUUID' of UUIDs");
        }
    }
}
