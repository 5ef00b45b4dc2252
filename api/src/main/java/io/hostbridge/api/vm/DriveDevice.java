package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiType;
import io.hostbridge.api.annotation.WireName;

/** What the guest sees a drive as. */
@ApiType(description = "What the guest sees a drive as: a disk, a CD-ROM or a floppy")
public enum DriveDevice {
    @WireName("disk") DISK,
    @WireName("cdrom") CDROM,
    @WireName("floppy") FLOPPY;

    /** Whether the drive takes removable media (it may be empty; VM.changeCD, VM.changeFloppy change it). */
    public boolean removable() {
        return this != DISK;
    }
}
