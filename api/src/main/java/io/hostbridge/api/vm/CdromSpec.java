package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.UUID;

@ApiType(description = "The medium for VM.changeCD or VM.changeFloppy (VDSM's driveSpec): a file in the agent's ISO"
        + " directory (path), a storage volume (domainID + imageID + volumeID), or an empty path to eject; name picks"
        + " the drive")
public record CdromSpec(
        @ApiField(description = "Absolute path of the medium; empty to eject", optional = true, maxLength = 4096)
        String path,
        @ApiField(description = "Storage domain of a volume medium", optional = true) UUID domainID,
        @ApiField(description = "Image of a volume medium", optional = true) UUID imageID,
        @ApiField(description = "A volume medium", optional = true) UUID volumeID,
        @ApiField(description = "Guest device name of the drive (sda, hdc, fda, ...); the VM's first of its kind when"
                + " absent",
                optional = true, maxLength = 3) String name) {

    public CdromSpec {
        boolean volume = domainID != null || imageID != null || volumeID != null;
        if (path != null && volume) {
            throw new IllegalArgumentException("give either 'path' or 'domainID'+'imageID'+'volumeID', not both");
        }
        if (path == null && !volume) {
            throw new IllegalArgumentException("give 'path' (empty to eject) or 'domainID'+'imageID'+'volumeID'");
        }
        if (volume && (domainID == null || imageID == null || volumeID == null)) {
            throw new IllegalArgumentException("a volume needs all of 'domainID', 'imageID' and 'volumeID'");
        }
    }

    /** True when the spec ejects the medium. */
    public boolean eject() {
        return path != null && path.isEmpty();
    }
}
