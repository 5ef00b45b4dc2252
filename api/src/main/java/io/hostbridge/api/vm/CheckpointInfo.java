package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

@ApiType(description = "A checkpoint's XML (VDSM's CheckpointInfo)")
public record CheckpointInfo(
        @ApiField(description = "The domaincheckpoint XML, without the domain") String checkpoint) {
}
