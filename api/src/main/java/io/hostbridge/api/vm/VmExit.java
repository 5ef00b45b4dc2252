package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

/** Why a VM went down. */
@ApiType(description = "Why a VM is Down")
public record VmExit(
        @ApiField(description = "0 for a normal end (shutdown, destroy, migrated away), 1 for an error") int exitCode,
        @ApiField(description = "Short reason: AdminShutdown, UserShutdown, Destroyed, MigrationSucceeded,"
                + " Crashed, LaunchFailed, Lost") String exitReason,
        @ApiField(description = "What happened, in words") String exitMessage) {
}
