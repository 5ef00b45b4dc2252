package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.UUID;

@ApiType(description = "VM.hotplugDisk's and VM.hotunplugDisk's params (VDSM's HotplugDiskParams, without its xml:"
        + " callers never send domain XML)")
public record HotplugDiskParams(
        @ApiField(description = "The VM's id; must equal vmID when given", optional = true) UUID vmId,
        @ApiField(description = "The drive: to plug in, or, to unplug, the one with that path or volume") VmDrive drive) {
}
