package io.hostbridge.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.jobs.JobInfo;
import io.hostbridge.api.jobs.JobStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The job runner on a real records directory. Nothing here sleeps: waits are latches and polls with deadlines. */
@Timeout(60)
class JobManagerTest {
    private static final JobSettings SETTINGS = new JobSettings(2, 100);
    private static final long DEADLINE_SECONDS = 10;
    private final RecordingPublisher events = new RecordingPublisher();

    @TempDir
    Path dir;

    private JobManager manager() {
        return new JobManager(dir, () -> events, SETTINGS);
    }

    /** Recovery is I/O, and a constructor is no place for it: only {@link JobManager#start()} reads and rewrites. */
    @Test
    void constructingTouchesNoFile() throws Exception {
        UUID cut = UUID.randomUUID();
        Files.writeString(dir.resolve(cut + ".json"), "{\"id\":\"" + cut + "\",\"jobType\":\"storage\","
                + "\"description\":\"copy_volume\",\"status\":\"RUNNING\",\"progress\":42.0,"
                + "\"created\":1700000000000}");
        Map<Path, String> before = snapshot();

        JobManager jobs = manager();
        try {
            assertThat(snapshot()).isEqualTo(before);
            assertThat(jobs.list()).isEmpty();
            assertThat(jobs.interrupted()).isEmpty();

            jobs.start();

            assertThat(jobs.get(cut).status()).isEqualTo(JobStatus.FAILED);
            assertThat(jobs.interrupted()).extracting(JobInfo::id).containsExactly(cut);
            assertThat(snapshot()).isNotEqualTo(before);
        } finally {
            jobs.stop();
        }
    }

    /**
     * An abort that lands just as a worker picks the job up (before it moves the job to running, or after but before
     * it writes and publishes that) is kept: the job stays aborting (no running after it), subscribers hear aborting
     * last, and a crash at that point is reported as an abort, not a failure.
     */
    @ParameterizedTest
    @EnumSource(JobManager.Step.class)
    void anAbortAsTheWorkerPicksTheJobUpIsNotOverwrittenByRunning(JobManager.Step when) throws Exception {
        AtomicReference<JobManager> self = new AtomicReference<>();
        JobManager jobs = new JobManager(dir, () -> events, SETTINGS, (step, id) -> {
            if (step == when) {
                self.get().abort(id);
            }
        });
        self.set(jobs);
        jobs.start();
        CountDownLatch working = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        UUID id = UUID.randomUUID();
        try {
            jobs.submit(id, "copy_volume", control -> {
                working.countDown();
                release.await();
                throw BridgeException.of(ErrorCode.TASK_ABORTED, "stopped, as asked");
            });
            assertThat(working.await(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();

            assertThat(jobs.get(id).status()).isEqualTo(JobStatus.ABORTING);
            assertThat(events.statuses(id)).containsExactly(JobStatus.PENDING, JobStatus.ABORTING);
            JobManager afterCrash = new JobManager(dir, RecordingPublisher::new, SETTINGS);
            afterCrash.start();
            assertThat(afterCrash.get(id).status()).isEqualTo(JobStatus.ABORTED);
            afterCrash.stop();
        } finally {
            release.countDown();
            jobs.stop();
        }
        assertThat(jobs.get(id).status()).isEqualTo(JobStatus.ABORTED);
    }

    /** A finished operation is recorded under a new id only: like {@link JobManager#submit}, never over a job. */
    @Test
    void recordingADoneJobUnderAnExistingIdIsRefused() throws Exception {
        JobManager jobs = manager();
        jobs.start();
        CountDownLatch release = new CountDownLatch(1);
        UUID running = UUID.randomUUID();
        UUID done = UUID.randomUUID();
        try {
            jobs.submit(running, "copy_volume", control -> release.await());
            jobs.recordDone(done, "create_volume");

            assertThatThrownBy(() -> jobs.recordDone(running, "delete_volume")).isInstanceOfSatisfying(
                    BridgeException.class, e -> assertThat(e.error()).isEqualTo(ErrorCode.INVALID_PARAMETER));
            assertThatThrownBy(() -> jobs.recordDone(done, "delete_volume")).isInstanceOfSatisfying(
                    BridgeException.class, e -> assertThat(e.error()).isEqualTo(ErrorCode.INVALID_PARAMETER));

            assertThat(jobs.get(running).description()).isEqualTo("copy_volume");
            assertThat(jobs.get(running).status().finished()).isFalse();
            assertThat(jobs.get(done).description()).isEqualTo("create_volume");
            assertThat(events.statuses(running)).doesNotContain(JobStatus.DONE);
        } finally {
            release.countDown();
            jobs.stop();
        }
    }

    /** Every file under the directory with its modification time and content. */
    private Map<Path, String> snapshot() throws IOException {
        Map<Path, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                FileTime modified = Files.getLastModifiedTime(p);
                files.put(p, modified + (Files.isRegularFile(p) ? " " + Files.readString(p) : ""));
            }
        }
        return files;
    }
}
