package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.List;

@ApiType(description = "A running VM's I/O policies and its drives' current limits")
public record VmIoTunePolicies(
        @ApiField(description = "The policies VM.updateVmPolicy set") List<IoTunePolicy> policy,
        @ApiField(name = "current_values", description = "Each drive's limits now") List<DriveIoTune> currentValues) {
}
