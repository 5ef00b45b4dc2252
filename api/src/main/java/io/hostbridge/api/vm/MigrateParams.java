package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.UUID;

/**
 * Where and how to migrate a VM: to another agent ({@code dst}, which is told to expect the VM) or straight
 * to a libvirt URI ({@code dstUri}).
 */
@ApiType(description = "Where and how to migrate: to another agent (dst) or to a libvirt URI (dstUri)")
public record MigrateParams(
        @ApiField(description = "Destination agent's HTTP API as host:port; the agent is asked to expect the VM"
                + " and for its libvirt URI", optional = true, maxLength = 255) String dst,
        @ApiField(description = "Destination libvirt URI (e.g. qemu+ssh://host/system, qemu:///session);"
                + " with dst, overrides the destination agent's URI. Transports qemu, qemu+tls, qemu+tcp, qemu+ssh,"
                + " qemu+unix; path /system or /session; no parameters but socket= with qemu+unix (a libvirt"
                + " daemon's socket under /run)", optional = true, maxLength = 1024)
        String dstUri,
        @ApiField(description = "Most time the VM may be paused at the end of the migration", unit = "ms",
                optional = true, min = 1, max = 600_000) Long migrationDownTime,
        @ApiField(description = "Bandwidth limit", unit = "MiB/s", optional = true, min = 1, max = 1_000_000)
        Long maxBandwidth,
        @ApiField(description = "Tunnel the migration data through libvirt's own connection (peer to peer);"
                + " default false", optional = true) Boolean tunneled,
        @ApiField(description = "The VM (only for the legacy XML-RPC migrate, where it travels inside params)",
                optional = true) UUID vmId) {

    public MigrateParams {
        if (dst == null && dstUri == null) {
            throw new IllegalArgumentException("give 'dst' (host:port of the destination agent) or 'dstUri'");
        }
        // what dst and dstUri may hold is the agent's to check (it names the field and knows the host)
    }
}
