package io.hostbridge.core.jobs;

/** The body of a background job. Throwing ends the job failed (or aborted, when an abort was asked for). */
@FunctionalInterface
public interface JobWork {
    void run(JobControl control) throws Exception;
}
