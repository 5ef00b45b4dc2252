package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiType;
import io.hostbridge.api.annotation.WireName;

/** What the guest sees a drive as. */
@ApiType(description = "What the guest sees a drive as: a disk or a CD-ROM")
public enum DriveDevice {
    @WireName("disk") DISK,
    @WireName("cdrom") CDROM
}
