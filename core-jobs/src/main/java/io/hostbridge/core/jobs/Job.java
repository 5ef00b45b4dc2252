package io.hostbridge.core.jobs;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.jobs.JobStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** One job while the agent runs: its record, plus what an abort must do. Thread-safe. */
final class Job implements JobControl {
    private final Consumer<Job> onProgress;
    private final Object announcing = new Object();
    private final List<Runnable> abortHooks = new ArrayList<>();
    private JobRecord record;
    private volatile boolean abortRequested;
    private String abortReason;
    private int lastPercent = -1;

    Job(JobRecord record, Consumer<Job> onProgress) {
        this.record = record;
        this.onProgress = onProgress;
    }

    /** Held while a change of status is written and published, so they leave in order. */
    Object announcing() {
        return announcing;
    }

    synchronized JobRecord record() {
        return record;
    }

    /**
     * Moves the job from pending to running, in one step with the check, so that an abort that came first is
     * never overwritten. Returns the running record, or null when the job is no longer pending (it is aborting).
     */
    synchronized JobRecord startRunning() {
        if (record.status() != JobStatus.PENDING) {
            return null;
        }
        record = record.with(JobStatus.RUNNING, record.progress(), null, null, null);
        return record;
    }

    synchronized String abortReason() {
        return abortReason;
    }

    @Override
    public void progress(double percent) {
        double clamped = Math.max(0, Math.min(100, percent));
        boolean publish;
        synchronized (this) {
            if (record.status().finished()) {
                return;
            }
            record = record.with(record.status(), clamped, null, null, null);
            int whole = (int) clamped;
            publish = whole != lastPercent;
            lastPercent = whole;
        }
        if (publish) {
            onProgress.accept(this);
        }
    }

    @Override
    public void onAbort(Runnable hook) {
        boolean now;
        synchronized (this) {
            abortHooks.add(hook);
            now = abortRequested;
        }
        if (now) {
            hook.run();
        }
    }

    @Override
    public boolean abortRequested() {
        return abortRequested;
    }

    /** Marks the abort and runs the hooks; refused once the job has finished. Returns the record to publish. */
    JobRecord requestAbort(String reason) {
        List<Runnable> hooks;
        JobRecord next;
        synchronized (this) {
            if (record.status().finished()) {
                throw BridgeException.of(ErrorCode.TASK_STATE_ERROR, "Job " + record.id() + " has already finished ("
                        + record.info().status().name().toLowerCase(java.util.Locale.ROOT) + ")");
            }
            if (abortRequested) {
                return null;
            }
            abortRequested = true;
            abortReason = reason;
            next = record.with(JobStatus.ABORTING, record.progress(), null, null, null);
            record = next;
            hooks = List.copyOf(abortHooks);
        }
        hooks.forEach(Runnable::run);
        return next;
    }

    /** Ends the job; returns the final record. */
    synchronized JobRecord finish(JobStatus status, Integer code, String message) {
        record = record.with(status, status == JobStatus.DONE ? Double.valueOf(100) : record.progress(), code, message,
                System.currentTimeMillis());
        return record;
    }
}
