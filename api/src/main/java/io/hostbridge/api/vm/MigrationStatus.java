package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.UUID;

/** Progress of a VM's latest migration from this host; also the payload of {@code vm.migration}. */
@ApiType(description = "Progress of a VM's latest outgoing migration")
public record MigrationStatus(
        @ApiField(description = "The VM's id") UUID vmId,
        @ApiField(description = "none, started, progress, succeeded, failed or cancelled") String status,
        @ApiField(description = "Share of the memory sent", unit = "percent", min = 0, max = 100) int progress,
        @ApiField(description = "Destination libvirt URI", optional = true) String dstUri,
        @ApiField(description = "Memory to transfer", unit = "bytes", optional = true) Long dataTotal,
        @ApiField(description = "Memory transferred so far", unit = "bytes", optional = true) Long dataProcessed,
        @ApiField(description = "Memory left to transfer", unit = "bytes", optional = true) Long dataRemaining,
        @ApiField(description = "Why it failed", optional = true) String message) {
}
