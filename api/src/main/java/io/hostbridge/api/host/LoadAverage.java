package io.hostbridge.api.host;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

@ApiType(description = "Load averages")
public record LoadAverage(
        @ApiField(description = "1 minute") double one,
        @ApiField(description = "5 minutes") double five,
        @ApiField(description = "15 minutes") double fifteen) {
}
