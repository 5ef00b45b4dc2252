package io.hostbridge.core.jobs;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;
import io.hostbridge.api.jobs.HostJobsApi;
import io.hostbridge.api.jobs.JobApi;
import io.hostbridge.api.jobs.TaskApi;
import io.hostbridge.api.spi.Implementation;
import io.hostbridge.api.spi.Lifecycle;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;

/** Background jobs: the runner, and the Job, Task and Host.getJobs verbs. */
public final class JobsModule extends AbstractModule {
    private final JobSettings settings;

    public JobsModule(JobSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    protected void configure() {
        bind(JobSettings.class).toInstance(settings);
        bind(JobManager.class).in(Singleton.class);
        Multibinder.newSetBinder(binder(), Lifecycle.class).addBinding().to(JobManager.class);
        Multibinder.newSetBinder(binder(), MeterBinder.class).addBinding().to(JobMeters.class);
    }

    @ProvidesIntoSet
    Implementation jobImplementation(JobService service) {
        return Implementation.of(JobApi.class, service);
    }

    @ProvidesIntoSet
    Implementation hostJobsImplementation(JobService service) {
        return Implementation.of(HostJobsApi.class, service);
    }

    @ProvidesIntoSet
    Implementation taskImplementation(TaskService service) {
        return Implementation.of(TaskApi.class, service);
    }
}
