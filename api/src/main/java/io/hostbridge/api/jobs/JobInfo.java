package io.hostbridge.api.jobs;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.UUID;

@ApiType(description = "A long operation run in the background (VDSM's host job)")
public record JobInfo(
        @ApiField(description = "Job id; also the task id of the Task verbs") UUID id,
        @ApiField(description = "Job type: 'storage' for every storage operation", name = "job_type") String jobType,
        @ApiField(description = "The operation, e.g. copy_data, copy_volume, create_volume, delete_image")
        String description,
        @ApiField(description = "State") JobStatus status,
        @ApiField(description = "Done so far, 0 to 100", unit = "percent", optional = true) Double progress,
        @ApiField(description = "Why the job failed or was aborted", optional = true) JobError error,
        @ApiField(description = "When the job was submitted, ISO-8601 UTC") String created,
        @ApiField(description = "When the job finished, ISO-8601 UTC", optional = true) String ended) {
}
