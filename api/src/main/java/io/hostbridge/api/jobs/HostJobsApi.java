package io.hostbridge.api.jobs;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiVerb;
import io.hostbridge.api.annotation.RestMapping;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The Host verbs that list jobs. */
@ApiNamespace(value = "Host", description = "The host: capabilities, hardware, statistics, health and events")
public interface HostJobsApi {

    @RestMapping(method = RestMapping.Method.GET, path = "/jobs")
    @ApiVerb(description = "Jobs by id: running ones and finished ones not yet deleted", access = AccessLevel.READ,
            since = "0.2")
    Map<String, JobInfo> getJobs(
            @ApiParam(value = "job_type", description = "Only jobs of this type (e.g. 'storage')", optional = true,
                    maxLength = 64) String jobType,
            @ApiParam(value = "job_ids", description = "Only these jobs (unknown ids are left out)", optional = true)
            List<UUID> jobIds);

    @RestMapping(method = RestMapping.Method.GET, path = "/tasks")
    @ApiVerb(description = "Every job as a VDSM task, by task id", access = AccessLevel.READ, since = "0.2")
    Map<String, TaskStatus> getAllTasksStatuses();

    @ApiVerb(description = "Every job as a VDSM task: its id and operation, by task id", access = AccessLevel.READ,
            since = "0.2")
    Map<String, TaskInfo> getAllTasksInfo();

    @ApiVerb(description = "Every job as a VDSM task with all there is to say of it, by task id",
            access = AccessLevel.READ, since = "0.2")
    Map<String, TaskDetails> getAllTasks();
}
