package io.hostbridge.api.storage;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

@ApiType(description = "Space a copy of a volume (its whole chain, collapsed) needs in a format (qemu-img measure)")
public record VolumeMeasure(
        @ApiField(description = "Space needed for the data the chain holds", unit = "bytes") long required,
        @ApiField(description = "Space needed when fully allocated", unit = "bytes") long fullyAllocated) {
}
