package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

@ApiType(description = "What VM.migrateChangeParams changes in a running migration (VDSM's MigrationParameters)")
public record MigrationParameters(
        @ApiField(description = "The new bandwidth limit", unit = "MiB/s", min = 1, max = 1_000_000)
        long maxBandwidth) {
}
