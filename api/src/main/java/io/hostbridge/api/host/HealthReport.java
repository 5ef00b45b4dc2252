package io.hostbridge.api.host;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.Map;

@ApiType(description = "Outcome of the agent's health checks")
public record HealthReport(
        @ApiField(description = "True when every check is healthy") boolean healthy,
        @ApiField(description = "Each check by name") Map<String, HealthCheckResult> checks) {
}
