package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.UUID;

@ApiType(description = "A drive's I/O policy (VDSM's VmDiskDeviceTuneLimits): the drive by its guest device name, its"
        + " file's path or the ids of its volume; the limits it may never pass (maximum, applied to the drive) and"
        + " what it is guaranteed (kept for the caller)")
public record IoTunePolicy(
        @ApiField(description = "Guest device name (vda, sda, ...)", optional = true, maxLength = 32) String name,
        @ApiField(description = "The drive's file", optional = true, maxLength = 4096) String path,
        @ApiField(description = "Storage domain of the drive's volume", optional = true) UUID domainID,
        @ApiField(description = "Accepted for compatibility; there are no pools", optional = true) UUID poolID,
        @ApiField(description = "Image of the drive's volume", optional = true) UUID imageID,
        @ApiField(description = "The drive's volume", optional = true) UUID volumeID,
        @ApiField(description = "Limits the drive may never pass (0: none)", optional = true) IoTune maximum,
        @ApiField(description = "What the drive is guaranteed", optional = true) IoTune guaranteed) {
}
