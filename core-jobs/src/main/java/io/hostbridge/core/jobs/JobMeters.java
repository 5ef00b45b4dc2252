package io.hostbridge.core.jobs;

import io.hostbridge.api.jobs.JobInfo;
import io.hostbridge.api.jobs.JobStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Inject;
import java.util.Locale;

/** Jobs by status, for {@code GET /api/v1/metrics}: how many wait, run and are being aborted. */
final class JobMeters implements MeterBinder {
    private final JobManager jobs;

    @Inject
    JobMeters(JobManager jobs) {
        this.jobs = jobs;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (JobStatus status : new JobStatus[] {JobStatus.PENDING, JobStatus.RUNNING, JobStatus.ABORTING}) {
            Gauge.builder("hostbridge.jobs", jobs, j -> count(j, status))
                    .description("Background jobs not finished yet, by status")
                    .tag("status", status.name().toLowerCase(Locale.ROOT)).register(registry);
        }
    }

    private static long count(JobManager jobs, JobStatus status) {
        return jobs.list().stream().map(JobInfo::status).filter(status::equals).count();
    }
}
