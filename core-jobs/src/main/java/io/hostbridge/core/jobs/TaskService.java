package io.hostbridge.core.jobs;

import io.hostbridge.api.jobs.JobInfo;
import io.hostbridge.api.jobs.TaskApi;
import io.hostbridge.api.jobs.TaskInfo;
import io.hostbridge.api.jobs.TaskStatus;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.UUID;

/** VDSM's Task namespace: the same jobs, in task terms. */
@Singleton
public final class TaskService implements TaskApi {
    private final JobManager jobs;

    @Inject
    public TaskService(JobManager jobs) {
        this.jobs = jobs;
    }

    @Override
    public TaskStatus getStatus(UUID taskID) {
        return JobService.task(jobs.get(taskID));
    }

    @Override
    public TaskInfo getInfo(UUID taskID) {
        JobInfo job = jobs.get(taskID);
        return new TaskInfo(job.id(), job.description());
    }

    @Override
    public void stop(UUID taskID) {
        jobs.abort(taskID);
    }

    @Override
    public void clear(UUID taskID) {
        jobs.delete(taskID);
    }
}
