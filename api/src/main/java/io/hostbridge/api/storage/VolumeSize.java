package io.hostbridge.api.storage;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

@ApiType(description = "Sizes of a volume's file")
public record VolumeSize(
        @ApiField(description = "Size of the file", unit = "bytes") long apparentsize,
        @ApiField(description = "Space the file occupies on disk", unit = "bytes") long truesize) {
}
