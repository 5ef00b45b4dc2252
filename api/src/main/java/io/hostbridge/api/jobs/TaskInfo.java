package io.hostbridge.api.jobs;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.UUID;

@ApiType(description = "What a task is (VDSM's TaskInfo): its id and the operation it runs")
public record TaskInfo(
        @ApiField(description = "Task id (the job id)") UUID id,
        @ApiField(description = "The operation, e.g. copy_data, copy_volume, create_volume, delete_image") String verb) {
}
