package io.hostbridge.api.jobs;

import io.hostbridge.api.annotation.ApiType;
import io.hostbridge.api.annotation.WireName;

/** Where a job is in its life (VDSM's job states). */
@ApiType(description = "Job state: pending (queued), running, aborting, done, aborted or failed")
public enum JobStatus {
    @WireName("pending")
    PENDING,
    @WireName("running")
    RUNNING,
    @WireName("aborting")
    ABORTING,
    @WireName("done")
    DONE,
    @WireName("aborted")
    ABORTED,
    @WireName("failed")
    FAILED;

    /** True once the job will not change any more. */
    public boolean finished() {
        return this == DONE || this == ABORTED || this == FAILED;
    }
}
