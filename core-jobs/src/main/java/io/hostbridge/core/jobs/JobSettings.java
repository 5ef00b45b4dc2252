package io.hostbridge.core.jobs;

/**
 * Sizing of the job runner.
 *
 * @param workers      background jobs that run at once; more wait as {@code pending}
 * @param keptFinished finished jobs kept for Host.getJobs until deleted; beyond that the oldest are forgotten
 */
public record JobSettings(int workers, int keptFinished) {
    public static final int DEFAULT_WORKERS = 4;
    public static final int DEFAULT_KEPT_FINISHED = 1000;

    public JobSettings {
        if (workers < 1) {
            throw new IllegalArgumentException("jobs.workers must be at least 1, got " + workers);
        }
        if (keptFinished < 1) {
            throw new IllegalArgumentException("keptFinished must be at least 1, got " + keptFinished);
        }
    }

    public static JobSettings defaults() {
        return new JobSettings(DEFAULT_WORKERS, DEFAULT_KEPT_FINISHED);
    }
}
