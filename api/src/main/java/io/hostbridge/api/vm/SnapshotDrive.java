package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.UUID;

@ApiType(description = "One disk of a snapshot (VDSM's SnapshotVolumeDriveInfo): the VM's drive on baseVolumeID goes on"
        + " in volumeID, a COW volume made beforehand (Volume.create with srcVolUUID = baseVolumeID)")
public record SnapshotDrive(
        @ApiField(description = "Storage domain of both volumes") UUID domainID,
        @ApiField(description = "Image of both volumes") UUID imageID,
        @ApiField(description = "The new top volume: COW, backed by baseVolumeID, not used by anything")
        UUID volumeID,
        @ApiField(description = "The volume the VM's drive is on now") UUID baseVolumeID) {
}
