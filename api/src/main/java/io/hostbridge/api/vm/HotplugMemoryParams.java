package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.UUID;

@ApiType(description = "VM.hotplugMemory's and VM.hotunplugMemory's params (VDSM's HotplugMemoryParams, without its"
        + " xml: callers never send domain XML)")
public record HotplugMemoryParams(
        @ApiField(description = "The VM's id; must equal vmID when given", optional = true) UUID vmId,
        @ApiField(description = "The memory module") MemoryDevice memory,
        @ApiField(description = "Accepted for compatibility (VDSM's balloon floor); not used", unit = "MiB",
                optional = true, min = 0, max = 4_194_304) Integer memGuaranteedSize) {
}
