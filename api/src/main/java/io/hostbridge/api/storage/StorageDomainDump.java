package io.hostbridge.api.storage;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.Map;

@ApiType(description = "A storage domain's raw metadata and all its volumes' (VDSM's StorageDomainDump; a localfs"
        + " domain has no leases, lockspace or xleases)")
public record StorageDomainDump(
        @ApiField(description = "The domain's metadata") StorageDomainInfo metadata,
        @ApiField(description = "Every volume's metadata by volume id") Map<String, VolumeDump> volumes) {
}
