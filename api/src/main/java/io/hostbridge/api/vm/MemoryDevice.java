package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

@ApiType(description = "A memory module (VDSM's VmMemoryDevice, a DIMM): its size and NUMA node; to unplug, the one"
        + " with that alias (as VM.getInfo's memoryDevices name it), else the first of that size")
public record MemoryDevice(
        @ApiField(description = "Size, a multiple of 128 MiB (the guest's memory block)", unit = "MiB", min = 128,
                max = 4_194_304) int size,
        @ApiField(description = "NUMA node; default 0 (the VM has one)", optional = true, min = 0, max = 0)
        Integer node,
        @ApiField(description = "libvirt's name for a plugged module (dimm0, dimm1, ...), to unplug it", optional = true,
                maxLength = 32) String alias) {
}
