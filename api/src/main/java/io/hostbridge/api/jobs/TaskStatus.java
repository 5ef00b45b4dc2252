package io.hostbridge.api.jobs;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.UUID;

@ApiType(description = "A job seen as one of VDSM's tasks (getTaskStatus, getAllTasksStatuses)")
public record TaskStatus(
        @ApiField(description = "Task id (the job id)") UUID taskID,
        @ApiField(description = "running, aborting or finished") String taskState,
        @ApiField(description = "Empty while running; success, failure, or cleanSuccess for an aborted task whose"
                + " partial output was cleaned up") String taskResult,
        @ApiField(description = "0, or the error code of a failed or aborted task") int code,
        @ApiField(description = "What happened, in words") String message) {
}
