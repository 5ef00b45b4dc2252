package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.List;

@ApiType(description = "A VM's SLA policy (VDSM's UpdateVmPolicyParams)")
public record VmPolicy(
        @ApiField(description = "Accepted for compatibility (VDSM's callers send the VM's id here too)",
                optional = true) java.util.UUID vmId,
        @ApiField(description = "The most of the host's CPU time the VM's vCPUs may use, in percent", optional = true,
                min = 1, max = 100) Integer vcpuLimit,
        @ApiField(description = "Drives' I/O policies, merged into the VM's by drive", optional = true,
                maxItems = 26) List<IoTunePolicy> ioTune) {
}
