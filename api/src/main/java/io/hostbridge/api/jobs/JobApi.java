package io.hostbridge.api.jobs;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.EventTopic;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiVerb;
import io.hostbridge.api.annotation.RestMapping;
import java.util.UUID;

/** Long operations running in the background, with their events. Host.getJobs lists them. */
@ApiNamespace(value = "Job", description = "Background jobs: status, abort, removal of finished jobs")
public interface JobApi {

    EventTopic<JobInfo> STATUS = EventTopic.of("job.status", JobInfo.class,
            "A job changed state (pending, running, aborting, done, aborted, failed)", "0.2");
    EventTopic<JobProgress> PROGRESS = EventTopic.of("job.progress", JobProgress.class,
            "A running job made progress (at most about one event per percent)", "0.2");

    @RestMapping(method = RestMapping.Method.GET, path = "/jobs/{jobID}")
    @ApiVerb(description = "A job's state, progress and error", access = AccessLevel.READ, since = "0.2",
            errors = ErrorCode.UNKNOWN_TASK)
    JobInfo getStatus(@ApiParam(value = "jobID", description = "Job id") UUID jobID);

    @RestMapping(method = RestMapping.Method.POST, path = "/jobs/{jobID}/abort")
    @ApiVerb(description = "Asks a pending or running job to stop; it ends 'aborted' and its partial output is"
            + " removed (a new volume) or left ILLEGAL (an existing one)", access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.UNKNOWN_TASK, ErrorCode.TASK_STATE_ERROR})
    void abort(@ApiParam(value = "jobID", description = "Job id") UUID jobID);

    @RestMapping(method = RestMapping.Method.DELETE, path = "/jobs/{jobID}")
    @ApiVerb(description = "Forgets a finished job", access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.UNKNOWN_TASK, ErrorCode.TASK_NOT_FINISHED})
    void delete(@ApiParam(value = "jobID", description = "Job id") UUID jobID);
}
