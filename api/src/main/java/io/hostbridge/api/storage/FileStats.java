package io.hostbridge.api.storage;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

@ApiType(description = "A file of an ISO domain (VDSM's StorageDomainFileStats)")
public record FileStats(
        @ApiField(description = "Last status change, seconds since the epoch", unit = "s") long ctime,
        @ApiField(description = "Size", unit = "bytes") long size,
        @ApiField(description = "0 when the agent can read the file, -1 when it cannot") int status) {
}
