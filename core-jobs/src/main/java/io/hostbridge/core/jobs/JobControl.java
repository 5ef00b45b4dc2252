package io.hostbridge.core.jobs;

/** What running work may tell its job, and how it learns that an abort was asked for. */
public interface JobControl {

    /** Reports progress, 0 to 100; the job publishes {@code job.progress} when the whole percent changes. */
    void progress(double percent);

    /**
     * Runs {@code hook} when an abort is asked for (at once if it already was), e.g. to kill a process. The
     * work then ends by throwing; the job ends {@code aborted}.
     */
    void onAbort(Runnable hook);

    /** True once an abort was asked for. */
    boolean abortRequested();
}
