package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiType;
import io.hostbridge.api.annotation.WireName;

/** Bus a drive is attached to. */
@ApiType(description = "Bus a drive is attached to")
public enum DriveInterface {
    @WireName("virtio") VIRTIO,
    @WireName("sata") SATA,
    @WireName("ide") IDE,
    /** The floppy controller: floppies only. */
    @WireName("fdc") FDC
}
