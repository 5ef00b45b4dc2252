package io.hostbridge.api.jobs;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

@ApiType(description = "Why a job failed or was aborted: an error code of the API and a message")
public record JobError(
        @ApiField(description = "Error code (the same codes as calls)") int code,
        @ApiField(description = "What went wrong") String message) {
}
