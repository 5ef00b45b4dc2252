package io.hostbridge.core.jobs;

import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.jobs.HostJobsApi;
import io.hostbridge.api.jobs.JobApi;
import io.hostbridge.api.jobs.JobInfo;
import io.hostbridge.api.jobs.TaskDetails;
import io.hostbridge.api.jobs.TaskInfo;
import io.hostbridge.api.jobs.TaskStatus;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The Job namespace and Host.getJobs / getAllTasksStatuses, over the {@link JobManager}. */
@Singleton
public final class JobService implements JobApi, HostJobsApi {
    private final JobManager jobs;

    @Inject
    public JobService(JobManager jobs) {
        this.jobs = jobs;
    }

    @Override
    public JobInfo getStatus(UUID jobID) {
        return jobs.get(jobID);
    }

    @Override
    public void abort(UUID jobID) {
        jobs.abort(jobID);
    }

    @Override
    public void delete(UUID jobID) {
        jobs.delete(jobID);
    }

    @Override
    public Map<String, JobInfo> getJobs(String jobType, List<UUID> jobIds) {
        Map<String, JobInfo> out = new LinkedHashMap<>();
        List<JobInfo> selected = jobIds == null ? jobs.list()
                : jobIds.stream().distinct().map(jobs::find).flatMap(java.util.Optional::stream).toList();
        for (JobInfo job : selected) {
            if (jobType == null || jobType.equals(job.jobType())) {
                out.put(job.id().toString(), job);
            }
        }
        return out;
    }

    @Override
    public Map<String, TaskStatus> getAllTasksStatuses() {
        Map<String, TaskStatus> out = new LinkedHashMap<>();
        for (JobInfo job : jobs.list()) {
            out.put(job.id().toString(), task(job));
        }
        return out;
    }

    @Override
    public Map<String, TaskInfo> getAllTasksInfo() {
        Map<String, TaskInfo> out = new LinkedHashMap<>();
        for (JobInfo job : jobs.list()) {
            out.put(job.id().toString(), new TaskInfo(job.id(), job.description()));
        }
        return out;
    }

    @Override
    public Map<String, TaskDetails> getAllTasks() {
        Map<String, TaskDetails> out = new LinkedHashMap<>();
        for (JobInfo job : jobs.list()) {
            TaskStatus status = task(job);
            out.put(job.id().toString(), new TaskDetails(job.id(), job.description(), job.jobType(),
                    status.taskState(), status.taskResult(), status.code(), status.message()));
        }
        return out;
    }

    /** A job in VDSM's task terms: state running/aborting/finished, result success/failure/cleanSuccess. */
    static TaskStatus task(JobInfo job) {
        return switch (job.status()) {
            case PENDING, RUNNING -> new TaskStatus(job.id(), "running", "", 0, "Running " + job.description());
            case ABORTING -> new TaskStatus(job.id(), "aborting", "", 0, "Aborting " + job.description());
            case DONE -> new TaskStatus(job.id(), "finished", "success", 0, "Done");
            case ABORTED -> new TaskStatus(job.id(), "finished", "cleanSuccess", code(job), message(job));
            case FAILED -> new TaskStatus(job.id(), "finished", "failure", code(job), message(job));
        };
    }

    private static int code(JobInfo job) {
        return job.error() == null ? ErrorCode.GENERAL.code() : job.error().code();
    }

    private static String message(JobInfo job) {
        return job.error() == null ? job.status().name() : job.error().message();
    }
}
