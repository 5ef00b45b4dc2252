package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.UUID;

@ApiType(description = "A VM's drive named by the volume it is on (VDSM's DriveSpecVolume), for VM.merge and"
        + " VM.diskSizeExtend")
public record DriveSpecVolume(
        @ApiField(description = "Storage domain") UUID domainID,
        @ApiField(description = "Image") UUID imageID,
        @ApiField(description = "The volume the drive is on now (its leaf)") UUID volumeID,
        @ApiField(description = "Accepted for compatibility; there are no pools", optional = true) UUID poolID,
        @ApiField(description = "Accepted for compatibility (disk)", optional = true, maxLength = 16) String device) {
}
