package io.hostbridge.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.jobs.JobInfo;
import io.hostbridge.api.jobs.JobStatus;
import io.hostbridge.api.storage.Legality;
import io.hostbridge.api.storage.Preallocation;
import io.hostbridge.api.storage.VolumeFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a crash leaves, as files, and what the next start makes of it: metadata as a crash leaves it (written
 * atomically, so old or new, never half), an interrupted creation removed, an interrupted overwrite kept ILLEGAL,
 * an interrupted deletion finished, an interrupted job reported failed.
 */
class RecoveryTest {
    @TempDir
    Path tmp;

    @Test
    void theNextStartCleansUpWhatACrashLeft() throws Exception {
        UUID sd;
        UUID image = UUID.randomUUID();
        UUID creating = UUID.randomUUID();
        UUID overwritten = UUID.randomUUID();
        UUID deleting = UUID.randomUUID();
        UUID job = UUID.randomUUID();
        Path stateDir = tmp.resolve("state");
        try (StorageFixture before = new StorageFixture(stateDir)) {
            sd = before.domain(tmp);
            LocalDomain domain = before.registry.get(sd);
            UUID other = UUID.randomUUID();
            before.volumeService.create(overwritten, sd, other, 1 << 20, VolumeFormat.RAW, Preallocation.SPARSE, "",
                    null, null, null, "DATA", null);
            before.volumeService.create(deleting, sd, UUID.randomUUID(), 1 << 20, VolumeFormat.RAW,
                    Preallocation.SPARSE, "", null, null, null, "DATA", null);
            // a copy into a new volume, cut short: ILLEGAL metadata naming its job, a partial file
            Files.createDirectories(domain.imageDir(image));
            domain.writeVolume(new VolumeMetadata(creating, sd, image, null, null, VolumeFormat.RAW,
                    Preallocation.SPARSE, "DATA", "", 1 << 20, Legality.ILLEGAL, Instant.now().getEpochSecond(), job,
                    false));
            Files.write(domain.volumePath(image, creating), new byte[4096]);
            // a copy_data into an existing volume, cut short; and a deletion, cut short
            domain.writeVolume(domain.volume(overwritten).orElseThrow().illegal());
            domain.writeVolume(domain.volume(deleting).orElseThrow().markedForDeletion());
            // the job's record as the crash left it
            Files.createDirectories(stateDir.resolve("jobs"));
            Files.writeString(stateDir.resolve("jobs/" + job + ".json"), "{\"id\":\"" + job + "\",\"jobType\":"
                    + "\"storage\",\"description\":\"copy_volume\",\"status\":\"RUNNING\",\"progress\":42.0,"
                    + "\"created\":1700000000000}");
        }
        try (StorageFixture after = new StorageFixture(stateDir)) {
            LocalDomain domain = after.registry.get(sd);
            assertThat(domain.volume(creating)).isEmpty();
            assertThat(domain.imageDir(image)).doesNotExist();
            assertThat(domain.volume(deleting)).isEmpty();
            assertThat(domain.volume(overwritten).orElseThrow().legality()).isEqualTo(Legality.ILLEGAL);
            assertThat(after.domains.getStats(sd).illegalVolumeCount()).isEqualTo(1);
            JobInfo reported = after.jobs.get(job);
            assertThat(reported.status()).isEqualTo(JobStatus.FAILED);
            assertThat(reported.error().message()).contains("Interrupted", "running");
            assertThat(reported.progress()).isEqualTo(42.0);
            assertThat(after.jobs.interrupted()).extracting(JobInfo::id).containsExactly(job);
        }
        try (StorageFixture again = new StorageFixture(stateDir)) {
            assertThat(again.jobs.get(job).status()).isEqualTo(JobStatus.FAILED);
            assertThat(again.jobs.interrupted()).isEmpty();
        }
    }
}
