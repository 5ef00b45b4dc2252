package io.hostbridge.core.jobs;

import io.hostbridge.api.jobs.JobError;
import io.hostbridge.api.jobs.JobInfo;
import io.hostbridge.api.jobs.JobStatus;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * A job as kept in {@code <stateDir>/jobs/<id>.json}: enough to report it after a restart. Times are epoch
 * milliseconds.
 */
record JobRecord(UUID id, String jobType, String description, JobStatus status, Double progress, Integer errorCode,
                 String errorMessage, long created, Long ended) {

    JobRecord with(JobStatus newStatus, Double newProgress, Integer code, String message, Long endedAt) {
        return new JobRecord(id, jobType, description, newStatus, newProgress, code, message, created, endedAt);
    }

    JobInfo info() {
        return new JobInfo(id, jobType, description, status, progress,
                errorCode == null ? null : new JobError(errorCode, errorMessage), iso(created),
                ended == null ? null : iso(ended));
    }

    private static String iso(long millis) {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(millis));
    }
}
