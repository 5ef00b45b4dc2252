package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.UUID;

/** What a destination agent tells the source when it agrees to receive a VM. */
@ApiType(description = "A destination agent's answer to VM.migrationCreate")
public record MigrationTarget(
        @ApiField(description = "The VM's id") UUID vmId,
        @ApiField(description = "The destination agent's libvirt URI, as the source should reach it") String libvirtUri,
        @ApiField(description = "libvirt domain type on the destination") String domainType) {
}
