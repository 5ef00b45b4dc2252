package io.hostbridge.api.jobs;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.UUID;

@ApiType(description = "Everything about a task (VDSM's TaskDetails): what it runs, its state and its result")
public record TaskDetails(
        @ApiField(description = "Task id (the job id)") UUID id,
        @ApiField(description = "The operation, e.g. copy_data, copy_volume, create_volume, delete_image") String verb,
        @ApiField(description = "The job's type, e.g. 'storage'") String tag,
        @ApiField(description = "running, aborting or finished") String state,
        @ApiField(description = "Empty while running; success, failure, or cleanSuccess for an aborted task whose"
                + " partial output was cleaned up") String taskResult,
        @ApiField(description = "0, or the error code of a failed or aborted task") int code,
        @ApiField(description = "What happened, in words") String message) {
}
