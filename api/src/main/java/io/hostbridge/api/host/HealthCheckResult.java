package io.hostbridge.api.host;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

@ApiType(description = "Outcome of one health check")
public record HealthCheckResult(
        @ApiField(description = "True when healthy") boolean healthy,
        @ApiField(description = "What the check found") String message) {
}
