package io.hostbridge.core.jobs;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.EventPublisher;
import io.hostbridge.api.jobs.JobApi;
import io.hostbridge.api.jobs.JobInfo;
import io.hostbridge.api.jobs.JobProgress;
import io.hostbridge.api.jobs.JobStatus;
import io.hostbridge.api.spi.Lifecycle;
import io.hostbridge.bridge.ErrorIds;
import io.hostbridge.core.CoreSettings;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs background jobs on a bounded pool, keeps their records in {@code <stateDir>/jobs} (written at every change
 * of state) and publishes {@code job.status} and {@code job.progress}. A job found unfinished at start-up was cut
 * short by a crash or kill: it is reported failed (or aborted, if it was being aborted) with that reason.
 * Records are read at {@link #start()}, not on construction: lifecycles start before any listener opens, so no
 * call sees the jobs before they are known, and building the object graph does no I/O.
 */
@Singleton
public final class JobManager implements Lifecycle {
    /** Job type of storage operations (VDSM's name). */
    public static final String STORAGE = "storage";
    private static final Logger LOG = LoggerFactory.getLogger(JobManager.class);
    private static final long STOP_WAIT_SECONDS = 10;

    private final JobFiles files;
    private final Provider<EventPublisher> events;
    private final JobSettings settings;
    private final Map<UUID, Job> jobs = new ConcurrentHashMap<>();
    private volatile List<JobRecord> interrupted = List.of();
    private final ExecutorService executor;
    private final BiConsumer<Step, UUID> seam;

    /** Where a test may step in on the worker: see the package-private constructor. */
    enum Step { BEFORE_RUNNING, BEFORE_ANNOUNCING_RUNNING }

    /**
     * @param events a provider: the publisher needs the bridge, which needs the job verbs, which need this
     */
    @Inject
    public JobManager(CoreSettings core, Provider<EventPublisher> events, JobSettings settings) {
        this(core.stateDir().resolve("jobs"), events, settings);
    }

    JobManager(Path dir, Provider<EventPublisher> events, JobSettings settings) {
        this(dir, events, settings, (step, id) -> { });
    }

    /** @param seam called on the worker at each {@link Step} of picking a job up; a test seam */
    JobManager(Path dir, Provider<EventPublisher> events, JobSettings settings, BiConsumer<Step, UUID> seam) {
        this.seam = seam;
        this.files = new JobFiles(dir);
        this.events = events;
        this.settings = settings;
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(settings.workers(), settings.workers(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "job-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    private List<JobRecord> recover() {
        try {
            List<JobRecord> cut = new java.util.ArrayList<>();
            for (JobRecord record : files.readAll()) {
                if (!record.status().finished()) {
                    JobStatus was = record.status();
                    boolean aborting = was == JobStatus.ABORTING;
                    record = record.with(aborting ? JobStatus.ABORTED : JobStatus.FAILED, record.progress(),
                            aborting ? ErrorCode.TASK_ABORTED.code() : ErrorCode.GENERAL.code(),
                            "Interrupted: the agent stopped while the job was " + describe(was)
                                    + "; its partial output was removed or left ILLEGAL", System.currentTimeMillis());
                    files.write(record);
                    cut.add(record);
                    LOG.warn("Job {} ({}) was cut short by an agent stop while {}; reported {}", record.id(),
                            record.description(), describe(was), describe(record.status()));
                }
                jobs.put(record.id(), new Job(record, this::publishProgress));
            }
            return List.copyOf(cut);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the job records", e);
        }
    }

    /** Jobs unfinished when the agent last stopped, as now recorded (failed or aborted); none before start. */
    public List<JobInfo> interrupted() {
        return interrupted.stream().map(JobRecord::info).toList();
    }

    /** Queues {@code work} as a job with this id; returns at once. */
    public UUID submit(UUID id, String description, JobWork work) {
        Job job = new Job(new JobRecord(id, STORAGE, description, JobStatus.PENDING, 0.0, null, null,
                System.currentTimeMillis(), null), this::publishProgress);
        add(job);
        announce(job, job.record());
        executor.execute(() -> run(job, work));
        return id;
    }

    /** Records an operation that was quick enough to finish inside its call: a job that is already done. */
    public UUID recordDone(UUID id, String description) {
        long now = System.currentTimeMillis();
        Job job = new Job(new JobRecord(id, STORAGE, description, JobStatus.DONE, 100.0, null, null, now, now),
                this::publishProgress);
        add(job);
        events.get().publish(JobApi.STATUS, id.toString(), job.record().info());
        trim();
        return id;
    }

    /** Adds a new job; refuses an id in use, so that no job, running or finished, is ever replaced. */
    private void add(Job job) {
        UUID id = job.record().id();
        if (jobs.putIfAbsent(id, job) != null) {
            throw BridgeException.of(ErrorCode.INVALID_PARAMETER, "A job with id " + id + " exists already");
        }
    }

    /**
     * Runs the work even when an abort came while the job was pending, so that the work can undo what its call
     * prepared (metadata, locks). A work that returns normally has done its job: the job is done.
     */
    private void run(Job job, JobWork work) {
        JobRecord record = job.record();
        seam.accept(Step.BEFORE_RUNNING, record.id());
        JobRecord running = job.startRunning();
        if (running != null) {
            seam.accept(Step.BEFORE_ANNOUNCING_RUNNING, record.id());
            announce(job, running);
        }
        try {
            work.run(job);
            end(job, JobStatus.DONE, null, null);
        } catch (Exception | StackOverflowError e) {
            if (job.abortRequested()) {
                end(job, JobStatus.ABORTED, ErrorCode.TASK_ABORTED.code(), job.abortReason());
            } else {
                // a job runs outside any call: its failure gets an error id here, as a call's would in the pipeline
                BridgeException failure = (BridgeException) ErrorIds.resolve(e, "job " + record.id() + " ("
                        + record.description() + ")");
                if (failure.errorId() == null) {
                    LOG.info("Job {} ({}) failed: {}", record.id(), record.description(), failure.getMessage());
                }
                end(job, JobStatus.FAILED, failure.code(), failure.getMessage());
            }
        }
    }

    private void end(Job job, JobStatus status, Integer code, String message) {
        announce(job, job.finish(status, code, message));
        trim();
    }

    /**
     * Writes and publishes a change of status in the order the changes happened. Changes are made by several threads
     * (the worker, an abort, the agent's stop): under the job's announcing lock, a change that a later one has
     * already overtaken (RUNNING after a concurrent ABORTING) is neither written over the newer record, which a
     * restart reads, nor published after it.
     */
    private void announce(Job job, JobRecord record) {
        synchronized (job.announcing()) {
            if (job.record().status() != record.status()) {
                return;
            }
            persist(record);
            events.get().publish(JobApi.STATUS, record.id().toString(), record.info());
        }
    }

    private void persist(JobRecord record) {
        try {
            files.write(record);
        } catch (IOException e) {
            // the job itself goes on; only its report after a crash is at stake
            LOG.warn("Cannot write the record of job {}: {}", record.id(), e.getMessage());
        }
    }

    private void publishProgress(Job job) {
        JobRecord record = job.record();
        events.get().publish(JobApi.PROGRESS, record.id().toString(),
                new JobProgress(record.id(), record.description(), record.progress() == null ? 0 : record.progress()));
    }

    /** Forgets the oldest finished jobs beyond the number kept. */
    private void trim() {
        List<JobRecord> finished = jobs.values().stream().map(Job::record).filter(r -> r.status().finished())
                .sorted(Comparator.comparingLong(r -> r.ended() == null ? 0 : r.ended())).toList();
        for (int i = 0; i < finished.size() - settings.keptFinished(); i++) {
            forget(finished.get(i).id());
        }
    }

    private void forget(UUID id) {
        jobs.remove(id);
        try {
            files.delete(id);
        } catch (IOException e) {
            LOG.warn("Cannot remove the record of job {}: {}", id, e.getMessage());
        }
    }

    /** The job, or error 401. */
    public JobInfo get(UUID id) {
        return job(id).record().info();
    }

    public Optional<JobInfo> find(UUID id) {
        return Optional.ofNullable(jobs.get(id)).map(j -> j.record().info());
    }

    public List<JobInfo> list() {
        return jobs.values().stream().map(j -> j.record().info()).toList();
    }

    /** Asks a job to stop; error 410 when it has finished. */
    public void abort(UUID id) {
        Job job = job(id);
        JobRecord aborting = job.requestAbort("Aborted by request");
        if (aborting != null) {
            announce(job, aborting);
        }
    }

    /** Forgets a finished job; error 403 while it runs. */
    public void delete(UUID id) {
        Job job = job(id);
        if (!job.record().status().finished()) {
            throw BridgeException.of(ErrorCode.TASK_NOT_FINISHED, "Job " + id + " has not finished; abort it first");
        }
        forget(id);
    }

    private Job job(UUID id) {
        Job job = jobs.get(id);
        if (job == null) {
            throw BridgeException.of(ErrorCode.UNKNOWN_TASK, "No job or task with id " + id);
        }
        return job;
    }

    @Override
    public String name() {
        return "jobs";
    }

    @Override
    public void start() {
        // the pool starts threads on demand; only the records need reading
        interrupted = recover();
    }

    /** Aborts what still runs (its work cleans up), then waits a little for it to end. */
    @Override
    public void stop() {
        for (Job job : jobs.values()) {
            if (!job.record().status().finished()) {
                try {
                    JobRecord aborting = job.requestAbort("Aborted: the agent stopped");
                    if (aborting != null) {
                        announce(job, aborting);
                    }
                } catch (BridgeException e) {
                    // finished meanwhile
                }
            }
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("Jobs did not end within {} s of the stop", STOP_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(JobStatus status) {
        return status.name().toLowerCase(java.util.Locale.ROOT);
    }
}
