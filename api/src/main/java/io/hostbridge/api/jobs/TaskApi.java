package io.hostbridge.api.jobs;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiVerb;
import io.hostbridge.api.annotation.RestMapping;
import java.util.UUID;

/** VDSM's task verbs, over the same jobs as the Job namespace (a task id is a job id). */
@ApiNamespace(value = "Task", description = "VDSM-compatible view of background jobs as tasks")
public interface TaskApi {

    @RestMapping(method = RestMapping.Method.GET, path = "/tasks/{taskID}")
    @ApiVerb(description = "A task's state and result", access = AccessLevel.READ, since = "0.2",
            errors = ErrorCode.UNKNOWN_TASK)
    TaskStatus getStatus(@ApiParam(value = "taskID", description = "Task (job) id") UUID taskID);

    @RestMapping(method = RestMapping.Method.GET, path = "/tasks/{taskID}/info")
    @ApiVerb(description = "What a task is: its id and the operation it runs", access = AccessLevel.READ,
            since = "0.2", errors = ErrorCode.UNKNOWN_TASK)
    TaskInfo getInfo(@ApiParam(value = "taskID", description = "Task (job) id") UUID taskID);

    @RestMapping(method = RestMapping.Method.POST, path = "/tasks/{taskID}/stop")
    @ApiVerb(description = "Stops a running task (as Job.abort)", access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.UNKNOWN_TASK, ErrorCode.TASK_STATE_ERROR})
    void stop(@ApiParam(value = "taskID", description = "Task (job) id") UUID taskID);

    @RestMapping(method = RestMapping.Method.DELETE, path = "/tasks/{taskID}")
    @ApiVerb(description = "Forgets a finished task (as Job.delete)", access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.UNKNOWN_TASK, ErrorCode.TASK_NOT_FINISHED})
    void clear(@ApiParam(value = "taskID", description = "Task (job) id") UUID taskID);
}
