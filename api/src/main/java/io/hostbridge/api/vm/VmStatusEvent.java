package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.UUID;

/** Payload of {@code vm.status}: a VM changed status. */
@ApiType(description = "A VM changed status")
public record VmStatusEvent(
        @ApiField(description = "The VM's id") UUID vmId,
        @ApiField(description = "The new status") VmStatus status,
        @ApiField(description = "What caused the change (libvirt's event detail, or the verb)", optional = true)
        String reason,
        @ApiField(description = "With Down: 0 normal end, 1 error", optional = true) Integer exitCode,
        @ApiField(description = "With Down: short reason", optional = true) String exitReason,
        @ApiField(description = "With Down: what happened", optional = true) String exitMessage) {
}
