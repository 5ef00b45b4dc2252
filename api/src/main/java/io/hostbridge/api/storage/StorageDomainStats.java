package io.hostbridge.api.storage;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

@ApiType(description = "Space and content of a storage domain")
public record StorageDomainStats(
        @ApiField(description = "Size of the file system holding the domain", unit = "bytes") long disktotal,
        @ApiField(description = "Space available to the agent on that file system", unit = "bytes") long diskfree,
        @ApiField(description = "Space in use on that file system (disktotal - diskfree)", unit = "bytes")
        long diskused,
        @ApiField(description = "Images in the domain") int imageCount,
        @ApiField(description = "Volumes in the domain") int volumeCount,
        @ApiField(description = "Volumes that are ILLEGAL: being written, or left incomplete by a failure")
        int illegalVolumeCount,
        @ApiField(description = "Active or inactive") DomainStatus status) {
}
