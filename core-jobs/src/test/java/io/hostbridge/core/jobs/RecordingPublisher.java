package io.hostbridge.core.jobs;

import io.hostbridge.api.EventPublisher;
import io.hostbridge.api.EventTopic;
import io.hostbridge.api.jobs.JobApi;
import io.hostbridge.api.jobs.JobInfo;
import io.hostbridge.api.jobs.JobStatus;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps the {@code job.status} events it is given, so a test can read the statuses a job went through. */
final class RecordingPublisher implements EventPublisher {
    private final List<JobInfo> statuses = new CopyOnWriteArrayList<>();

    @Override
    public <T> void publish(EventTopic<T> topic, String subject, T payload) {
        if (topic.equals(JobApi.STATUS)) {
            statuses.add((JobInfo) payload);
        }
    }

    List<JobStatus> statuses(UUID job) {
        return statuses.stream().filter(i -> i.id().equals(job)).map(JobInfo::status).toList();
    }
}
