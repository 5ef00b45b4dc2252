package io.hostbridge.api.jobs;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.UUID;

@ApiType(description = "Progress of a running job")
public record JobProgress(
        @ApiField(description = "Job id") UUID id,
        @ApiField(description = "The operation, as in JobInfo.description") String description,
        @ApiField(description = "Done so far, 0 to 100", unit = "percent") double progress) {
}
