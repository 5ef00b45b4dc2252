package io.hostbridge.core.storage;

import static io.hostbridge.core.storage.StorageFixture.code;
import static io.hostbridge.core.storage.StorageFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.jobs.JobInfo;
import io.hostbridge.api.jobs.JobStatus;
import io.hostbridge.api.storage.Legality;
import io.hostbridge.api.storage.Preallocation;
import io.hostbridge.api.storage.VolumeEndpoint;
import io.hostbridge.api.storage.VolumeFormat;
import io.hostbridge.core.Poll;
import io.hostbridge.events.Event;
import io.hostbridge.events.TopicFilter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copy and convert jobs: data checked with qemu-img compare, progress events, abort, a full file system. */
class CopyJobsTest {
    private static final long MIB = 1 << 20;
    @TempDir
    Path tmp;
    private StorageFixture storage;

    @AfterEach
    void stop() {
        if (storage != null) {
            storage.close();
        }
    }

    private JobInfo await(UUID job) {
        return Poll.until(Duration.ofSeconds(60), () -> storage.jobs.get(job), j -> j.status().finished(),
                "job " + job);
    }

    private Path path(UUID sd, UUID image, UUID volume) {
        return Path.of(storage.volumeService.getInfo(sd, image, volume, null).path());
    }

    /** A volume with some data written by qemu-io. */
    private UUID[] source(UUID sd, VolumeFormat format, long size, String... writes) throws Exception {
        UUID image = UUID.randomUUID();
        UUID volume = UUID.randomUUID();
        storage.volumeService.create(volume, sd, image, size, format, Preallocation.SPARSE, "", null, null, null,
                "DATA", null);
        for (String write : writes) {
            run("qemu-io", "-f", format == VolumeFormat.COW ? "qcow2" : "raw", "-c", write,
                    path(sd, image, volume).toString());
        }
        return new UUID[] {image, volume};
    }

    @Test
    void rawToCowAndBackKeepsTheData() throws Exception {
        storage = new StorageFixture(tmp.resolve("state"));
        UUID sd = storage.domain(tmp);
        UUID[] raw = source(sd, VolumeFormat.RAW, 16 * MIB, "write -P 0x11 0 1M", "write -P 0x22 9M 3M");
        UUID cowImage = UUID.randomUUID();
        UUID cow = UUID.randomUUID();
        JobInfo toCow = await(storage.volumeService.copy(sd, raw[0], raw[1], sd, cowImage, cow, VolumeFormat.COW,
                Preallocation.SPARSE, "copy", null));
        assertThat(toCow.status()).as(String.valueOf(toCow.error())).isEqualTo(JobStatus.DONE);
        assertThat(toCow.progress()).isEqualTo(100.0);
        assertThat(storage.volumeService.getInfo(sd, cowImage, cow, null).legality()).isEqualTo(Legality.LEGAL);
        run("qemu-img", "compare", "-f", "raw", "-F", "qcow2", path(sd, raw[0], raw[1]).toString(),
                path(sd, cowImage, cow).toString());

        UUID backImage = UUID.randomUUID();
        UUID back = UUID.randomUUID();
        JobInfo toRaw = await(storage.volumeService.copy(sd, cowImage, cow, sd, backImage, back, VolumeFormat.RAW,
                Preallocation.PREALLOCATED, "back", null));
        assertThat(toRaw.status()).as(String.valueOf(toRaw.error())).isEqualTo(JobStatus.DONE);
        run("qemu-img", "compare", "-f", "qcow2", "-F", "raw", path(sd, cowImage, cow).toString(),
                path(sd, backImage, back).toString());
        assertThat(storage.volumeService.getInfo(sd, backImage, back, null).truesize()).isGreaterThanOrEqualTo(16 * MIB);

        List<Event> events = storage.bus.replay(TopicFilter.parse("job.#"), 0, 1000).events();
        assertThat(events).anyMatch(e -> e.topic().equals("job.progress") && e.subject().equals(toCow.id().toString()));
        assertThat(events).filteredOn(e -> e.topic().equals("job.status") && e.subject().equals(toCow.id().toString()))
                .extracting(e -> String.valueOf(((Map<?, ?>) e.payload()).get("status"))).containsSubsequence("pending", "running",
                        "done");
    }

    @Test
    void aChainIsCopiedCollapsedAndCopyDataOverwritesAnExistingVolume() throws Exception {
        storage = new StorageFixture(tmp.resolve("state"));
        UUID sd = storage.domain(tmp);
        UUID[] base = source(sd, VolumeFormat.RAW, 8 * MIB, "write -P 0x33 0 2M");
        UUID top = UUID.randomUUID();
        storage.volumeService.create(top, sd, base[0], 8 * MIB, VolumeFormat.COW, Preallocation.SPARSE, "", null,
                base[1], null, "DATA", null);
        run("qemu-io", "-f", "qcow2", "-c", "write -P 0x44 1M 2M", path(sd, base[0], top).toString());
        UUID[] target = source(sd, VolumeFormat.COW, 8 * MIB, "write -P 0x77 6M 1M");
        UUID job = UUID.randomUUID();
        storage.sdm.copy_data(job, new VolumeEndpoint("div", sd, base[0], top),
                new VolumeEndpoint(null, sd, target[0], target[1]));
        assertThat(await(job).status()).isEqualTo(JobStatus.DONE);
        run("qemu-img", "compare", "-f", "qcow2", "-F", "qcow2", path(sd, base[0], top).toString(),
                path(sd, target[0], target[1]).toString());
        assertThat(storage.volumeService.getInfo(sd, target[0], target[1], null).legality()).isEqualTo(Legality.LEGAL);
    }

    @Test
    void anAbortedCopyEndsAbortedAndLeavesNoVolume() throws Exception {
        // 2 MiB/s: the 32 MiB copy takes many seconds, so the abort lands mid-copy
        storage = new StorageFixture(tmp.resolve("state"), new StorageSettings(2 * MIB, Duration.ofSeconds(2)));
        UUID sd = storage.domain(tmp);
        UUID[] src = source(sd, VolumeFormat.RAW, 32 * MIB, "write -P 0x55 0 32M");
        UUID image = UUID.randomUUID();
        UUID volume = UUID.randomUUID();
        UUID job = storage.volumeService.copy(sd, src[0], src[1], sd, image, volume, VolumeFormat.COW,
                Preallocation.SPARSE, "", null);
        Poll.until(Duration.ofSeconds(20), () -> storage.jobs.get(job), j -> j.progress() != null
                && j.progress() > 0 && j.status() == JobStatus.RUNNING, "copy under way");
        storage.jobs.abort(job);
        JobInfo ended = await(job);
        assertThat(ended.status()).isEqualTo(JobStatus.ABORTED);
        assertThat(ended.progress()).isLessThan(100.0);
        assertThat(ended.error().code()).isEqualTo(411);
        assertThat(storage.registry.get(sd).volume(volume)).isEmpty();
        assertThat(storage.registry.get(sd).imageDir(image)).doesNotExist();
        assertThat(code(() -> storage.jobs.abort(job))).isEqualTo(410);
        storage.jobs.delete(job);
        assertThat(code(() -> storage.jobs.get(job))).isEqualTo(401);
    }

    @Test
    void aJobAbortedWhilePendingUndoesWhatItsCallPrepared() throws Exception {
        // one worker, busy with a slow copy: the second copy waits as pending
        storage = new StorageFixture(tmp.resolve("state"), new StorageSettings(2 * MIB, Duration.ofSeconds(2)), 1);
        UUID sd = storage.domain(tmp);
        UUID[] src = source(sd, VolumeFormat.RAW, 16 * MIB, "write -P 0x21 0 16M");
        UUID busy = storage.volumeService.copy(sd, src[0], src[1], sd, UUID.randomUUID(), UUID.randomUUID(),
                VolumeFormat.RAW, Preallocation.SPARSE, "", null);
        UUID image = UUID.randomUUID();
        UUID volume = UUID.randomUUID();
        UUID pending = storage.volumeService.copy(sd, src[0], src[1], sd, image, volume, VolumeFormat.COW,
                Preallocation.SPARSE, "", null);
        assertThat(storage.jobs.get(pending).status()).isEqualTo(JobStatus.PENDING);
        storage.jobs.abort(pending);
        storage.jobs.abort(busy);
        assertThat(await(pending).status()).isEqualTo(JobStatus.ABORTED);
        assertThat(storage.registry.get(sd).volume(volume)).isEmpty();
        // its locks are free again: the same ids can be used at once
        storage.volumeService.create(volume, sd, image, MIB, VolumeFormat.RAW, Preallocation.SPARSE, "", null, null,
                null, "DATA", null);
    }

    @Test
    void aFullFileSystemFailsTheCopyCleanly() throws Exception {
        Path small = tmp.resolve("small");
        java.nio.file.Files.createDirectories(small);
        run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", small.toString());
        try {
            storage = new StorageFixture(tmp.resolve("state"), new StorageSettings(2 * MIB, Duration.ofSeconds(2)));
            UUID big = storage.domain(tmp);
            UUID tiny = storage.domain(small);
            // refused up front: a preallocated volume larger than the free space
            assertThat(code(() -> storage.volumeService.create(UUID.randomUUID(), tiny, UUID.randomUUID(), 64 * MIB,
                    VolumeFormat.RAW, Preallocation.PREALLOCATED, "", null, null, null, "DATA", null)))
                    .isEqualTo(397);
            // found out during the write: the copy fits when it starts, then the file system fills up under it
            UUID[] src = source(big, VolumeFormat.RAW, 32 * MIB, "write -P 0x66 0 12M");
            UUID image = UUID.randomUUID();
            UUID volume = UUID.randomUUID();
            UUID job = storage.volumeService.copy(big, src[0], src[1], tiny, image, volume, VolumeFormat.RAW,
                    Preallocation.SPARSE, "", null);
            Poll.until(Duration.ofSeconds(20), () -> storage.jobs.get(job), j -> j.progress() != null
                    && j.progress() > 0 && j.status() == JobStatus.RUNNING, "copy under way");
            fillUp(small.resolve("filler"));
            JobInfo ended = await(job);
            assertThat(ended.status()).isEqualTo(JobStatus.FAILED);
            assertThat(ended.error().code()).isEqualTo(397);
            assertThat(ended.error().message()).contains("No space left on domain " + tiny)
                    .doesNotContain(tmp.toString());
            assertThat(storage.registry.get(tiny).volume(volume)).isEmpty();
            assertThat(storage.registry.get(tiny).imageDir(image)).doesNotExist();
            assertThat(storage.domains.getStats(tiny).volumeCount()).isZero();
        } finally {
            if (storage != null) {
                storage.close();
                storage = null;
            }
            run("umount", small.toString());
        }
    }

    /**
     * Writes until the file system says it is full. (Measuring the free space and then allocating that much
     * races with the copy, which keeps writing meanwhile.)
     */
    private static void fillUp(Path filler) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        try (FileChannel out = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (true) {
                out.write(chunk.clear());
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
    }
}
