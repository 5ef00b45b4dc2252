package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.UUID;

@ApiType(description = "VM.hotplugNic's and VM.hotunplugNic's params (VDSM's HotplugNicParams, without its xml:"
        + " callers never send domain XML)")
public record HotplugNicParams(
        @ApiField(description = "The VM's id; must equal vmID when given", optional = true) UUID vmId,
        @ApiField(description = "The NIC: to plug in (a MAC address is generated when absent), or, to unplug, the"
                + " one with that macAddr") VmNic nic) {
}
