package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

@ApiType(description = "A drive and its I/O limits (VDSM's VmDiskDeviceTuneParams): the drive is named by its guest"
        + " device name (name, e.g. vda) or the path of its file")
public record DriveIoTune(
        @ApiField(description = "Guest device name (vda, sda, ...)", optional = true, maxLength = 32) String name,
        @ApiField(description = "The drive's file", optional = true, maxLength = 4096) String path,
        @ApiField(description = "The limits") IoTune ioTune) {

    public DriveIoTune {
        if (name == null && path == null) {
            throw new IllegalArgumentException("name the drive: give name or path");
        }
    }
}
