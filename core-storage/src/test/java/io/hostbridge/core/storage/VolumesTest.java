package io.hostbridge.core.storage;

import static io.hostbridge.core.storage.StorageFixture.code;
import static io.hostbridge.core.storage.StorageFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.jobs.JobInfo;
import io.hostbridge.api.jobs.JobStatus;
import io.hostbridge.api.storage.Legality;
import io.hostbridge.api.storage.Preallocation;
import io.hostbridge.api.storage.VolumeFormat;
import io.hostbridge.api.storage.VolumeInfo;
import io.hostbridge.api.storage.VolumeRole;
import io.hostbridge.core.Poll;
import io.hostbridge.core.spi.VolumeCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Volumes as real files made and checked with the real qemu-img. */
class VolumesTest {
    private static final long MIB = 1 << 20;
    @TempDir
    Path tmp;
    private StorageFixture storage;
    private UUID sd;

    @BeforeEach
    void start() throws Exception {
        storage = new StorageFixture(tmp.resolve("state"));
        sd = storage.domain(tmp);
    }

    @AfterEach
    void stop() {
        storage.close();
    }

    private UUID create(UUID image, UUID volume, long size, VolumeFormat format, Preallocation allocation,
                        UUID parentImage, UUID parent) {
        return storage.volumeService.create(volume, sd, image, size, format, allocation, "disk " + volume, parentImage,
                parent, null, "DATA", null);
    }

    private JobInfo await(UUID job) {
        return Poll.until(Duration.ofSeconds(30), () -> storage.jobs.get(job), j -> j.status().finished(), "job " + job);
    }


    private Path path(UUID image, UUID volume) {
        return Path.of(storage.volumeService.getInfo(sd, image, volume, null).path());
    }

    @Test
    void aSnapshotChainIsWhatQemuImgSees() throws Exception {
        UUID image = UUID.randomUUID();
        UUID base = UUID.randomUUID();
        UUID top = UUID.randomUUID();
        JobInfo created = storage.jobs.get(create(image, base, 10 * MIB, VolumeFormat.RAW, Preallocation.SPARSE, null,
                null));
        assertThat(created.status()).isEqualTo(JobStatus.DONE);
        create(image, top, 10 * MIB, VolumeFormat.COW, Preallocation.SPARSE, null, base);

        List<String> chain = run("qemu-img", "info", "--backing-chain", path(image, top).toString());
        assertThat(String.join("\n", chain)).contains("image: " + path(image, top), "file format: qcow2",
                "backing file: " + base, "image: " + path(image, base), "file format: raw");

        VolumeInfo info = storage.volumeService.getInfo(sd, image, top, null);
        assertThat(info.parent()).isEqualTo(base);
        assertThat(info.format()).isEqualTo(VolumeFormat.COW);
        assertThat(info.capacity()).isEqualTo(10 * MIB);
        assertThat(info.legality()).isEqualTo(Legality.LEGAL);
        assertThat(info.voltype()).isEqualTo(VolumeRole.LEAF);
        assertThat(info.description()).isEqualTo("disk " + top);
        assertThat(info.ctime()).isPositive();
        assertThat(info.inUse()).isFalse();
        assertThat(info.path()).isEqualTo(storage.registry.get(sd).root().resolve("images/" + image + "/" + top)
                .toString());
        VolumeInfo baseInfo = storage.volumeService.getInfo(sd, image, base, null);
        assertThat(baseInfo.voltype()).isEqualTo(VolumeRole.INTERNAL);
        assertThat(baseInfo.parent()).isEqualTo(Volumes.BLANK);
        assertThat(baseInfo.apparentsize()).isEqualTo(10 * MIB);
        assertThat(baseInfo.truesize()).isLessThan(10 * MIB); // sparse

        // a second snapshot of the base is refused: snapshots are made of the leaf
        assertThat(code(() -> create(image, UUID.randomUUID(), 10 * MIB, VolumeFormat.COW, Preallocation.SPARSE,
                null, base))).isEqualTo(5002);
    }

    @Test
    void aVolumeBasedOnATemplateLivesInItsOwnImage() throws Exception {
        UUID templateImage = UUID.randomUUID();
        UUID template = UUID.randomUUID();
        create(templateImage, template, 4 * MIB, VolumeFormat.COW, Preallocation.SPARSE, null, null);
        UUID image = UUID.randomUUID();
        UUID disk = UUID.randomUUID();
        create(image, disk, 4 * MIB, VolumeFormat.COW, Preallocation.SPARSE, templateImage, template);
        assertThat(String.join("\n", run("qemu-img", "info", "--backing-chain", path(image, disk).toString())))
                .contains("backing file: ../" + templateImage + "/" + template,
                        "image: " + path(image, disk).resolveSibling("../" + templateImage + "/" + template));
        assertThat(storage.volumeService.getInfo(sd, image, disk, null).parentImage()).isEqualTo(templateImage);
        assertThat(code(() -> storage.images.delete(sd, templateImage, false, false, null))).isEqualTo(204);
    }

    @Test
    void preallocatedVolumesReserveTheirSpaceInAJob() throws Exception {
        UUID image = UUID.randomUUID();
        UUID volume = UUID.randomUUID();
        JobInfo job = await(create(image, volume, 8 * MIB, VolumeFormat.RAW, Preallocation.PREALLOCATED, null,
                null));
        assertThat(job.status()).as(String.valueOf(job.error())).isEqualTo(JobStatus.DONE);
        assertThat(job.description()).isEqualTo("create_volume");
        VolumeInfo info = storage.volumeService.getInfo(sd, image, volume, null);
        assertThat(info.truesize()).isGreaterThanOrEqualTo(8 * MIB);
        assertThat(info.type()).isEqualTo(Preallocation.PREALLOCATED);
    }

    @Test
    void badRequestsGetVdsmsCodes() {
        UUID image = UUID.randomUUID();
        UUID volume = UUID.randomUUID();
        create(image, volume, MIB, VolumeFormat.RAW, Preallocation.SPARSE, null, null);
        assertThat(code(() -> create(image, volume, MIB, VolumeFormat.RAW, Preallocation.SPARSE, null, null)))
                .isEqualTo(212);
        assertThat(code(() -> storage.volumeService.getInfo(sd, image, UUID.randomUUID(), null))).isEqualTo(201);
        assertThat(code(() -> storage.volumeService.getInfo(UUID.randomUUID(), image, volume, null))).isEqualTo(358);
        assertThat(code(() -> storage.images.delete(sd, UUID.randomUUID(), false, false, null))).isEqualTo(268);
        assertThat(code(() -> create(UUID.randomUUID(), UUID.randomUUID(), MIB, VolumeFormat.RAW,
                Preallocation.SPARSE, null, UUID.randomUUID()))).isEqualTo(201);
        assertThat(code(() -> create(UUID.randomUUID(), UUID.randomUUID(), MIB, VolumeFormat.RAW,
                Preallocation.SPARSE, image, volume))).isEqualTo(5002); // a child must be COW
        assertThat(code(() -> create(UUID.randomUUID(), UUID.randomUUID(), 1L << 50, VolumeFormat.RAW,
                Preallocation.PREALLOCATED, null, null))).isEqualTo(397);
    }

    @Test
    void extendGrowsAndNeverShrinks() throws Exception {
        UUID image = UUID.randomUUID();
        UUID volume = UUID.randomUUID();
        create(image, volume, 4 * MIB, VolumeFormat.COW, Preallocation.SPARSE, null, null);
        storage.volumeService.extendSize(sd, image, volume, 6 * MIB + 1, null);
        assertThat(storage.volumeService.getInfo(sd, image, volume, null).capacity()).isEqualTo(6 * MIB + 512);
        assertThat(run("qemu-img", "info", path(image, volume).toString())).anyMatch(l -> l.contains("6 MiB"));
        assertThat(code(() -> storage.volumeService.extendSize(sd, image, volume, MIB, null))).isEqualTo(232);
        storage.users.put(path(image, volume), "VM 1234");
        assertThatThrownBy(() -> storage.volumeService.extendSize(sd, image, volume, 8 * MIB, null))
                .hasMessageContaining("in use by VM 1234");
    }

    @Test
    void deleteRefusesParentsAndVolumesInUse() throws Exception {
        UUID image = UUID.randomUUID();
        UUID base = UUID.randomUUID();
        UUID top = UUID.randomUUID();
        create(image, base, MIB, VolumeFormat.COW, Preallocation.SPARSE, null, null);
        create(image, top, MIB, VolumeFormat.COW, Preallocation.SPARSE, null, base);
        assertThatThrownBy(() -> storage.volumeService.delete(sd, image, base, false, false, null))
                .isInstanceOf(BridgeException.class).hasMessageContaining(top.toString())
                .extracting(e -> ((BridgeException) e).code()).isEqualTo(204);
        Path topFile = path(image, top);
        storage.users.put(topFile, "VM 42");
        assertThat(code(() -> storage.volumeService.delete(sd, image, top, false, false, null))).isEqualTo(203);
        assertThat(storage.volumeService.getInfo(sd, image, top, null).usedBy()).isEqualTo("VM 42");
        assertThat(code(() -> storage.images.delete(sd, image, false, false, null))).isEqualTo(203);
        storage.users.clear();
        storage.volumeService.delete(sd, image, top, false, false, null);
        assertThat(topFile).doesNotExist();
        assertThat(topFile.resolveSibling(top + ".meta")).doesNotExist();
        JobInfo deleted = await(storage.images.delete(sd, image, false, false, null));
        assertThat(deleted.status()).isEqualTo(JobStatus.DONE);
        assertThat(storage.registry.get(sd).imageDir(image)).doesNotExist();
        assertThat(storage.domains.getImages(sd)).isEmpty();
    }

    @Test
    void theCatalogResolvesLegalVolumesOnly() throws Exception {
        UUID image = UUID.randomUUID();
        UUID volume = UUID.randomUUID();
        create(image, volume, MIB, VolumeFormat.COW, Preallocation.SPARSE, null, null);
        VolumeCatalog.Volume resolved = storage.catalog.resolve(sd, image, volume);
        assertThat(resolved.format()).isEqualTo(VolumeCatalog.Format.QCOW2);
        assertThat(resolved.capacity()).isEqualTo(MIB);
        assertThat(storage.registry.within(resolved.path())).isTrue();
        assertThat(storage.registry.within(tmp.resolve("elsewhere"))).isFalse();
        LocalDomain domain = storage.registry.get(sd);
        domain.writeVolume(domain.volume(volume).orElseThrow().illegal());
        assertThat(code(() -> storage.catalog.resolve(sd, image, volume))).isEqualTo(227);
        assertThat(code(() -> storage.catalog.resolve(sd, UUID.randomUUID(), volume))).isEqualTo(268);
    }

    @Test
    void theCatalogMapsAPathOnlyToTheFileOfALegalVolume() throws Exception {
        UUID image = UUID.randomUUID();
        UUID volume = UUID.randomUUID();
        create(image, volume, MIB, VolumeFormat.RAW, Preallocation.SPARSE, null, null);
        LocalDomain domain = storage.registry.get(sd);
        Path file = domain.volumePath(image, volume);
        assertThat(storage.catalog.volumeAt(file)).hasValueSatisfying(v -> {
            assertThat(v.volumeId()).isEqualTo(volume);
            assertThat(v.format()).isEqualTo(VolumeCatalog.Format.RAW);
        });
        assertThat(storage.catalog.volumeAt(file.resolveSibling(volume + ".meta"))).isEmpty();
        assertThat(storage.catalog.volumeAt(domain.root().resolve("dom_md").resolve("metadata"))).isEmpty();
        assertThat(storage.catalog.volumeAt(domain.imageDir(image))).isEmpty();
        assertThat(storage.catalog.volumeAt(file.resolveSibling(volume.toString().toUpperCase()))).isEmpty();
        assertThat(storage.catalog.volumeAt(tmp.resolve("elsewhere").resolve(image.toString())
                .resolve(volume.toString()))).isEmpty();
        domain.writeVolume(domain.volume(volume).orElseThrow().illegal());
        assertThat(storage.catalog.volumeAt(file)).as("an ILLEGAL volume").isEmpty();
    }

    @Test
    void measureSaysWhatACopyNeeds() throws Exception {
        UUID image = UUID.randomUUID();
        UUID volume = UUID.randomUUID();
        create(image, volume, 8 * MIB, VolumeFormat.RAW, Preallocation.SPARSE, null, null);
        run("qemu-io", "-f", "raw", "-c", "write -P 0x5a 0 2M", path(image, volume).toString());
        var measure = storage.volumeService.measure(sd, image, volume, VolumeFormat.COW, null);
        assertThat(measure.required()).isBetween(2 * MIB, 3 * MIB);
        assertThat(measure.fullyAllocated()).isGreaterThanOrEqualTo(8 * MIB);
        assertThat(storage.volumeService.getSize(sd, image, volume, null).apparentsize()).isEqualTo(8 * MIB);
    }

    @Test
    void operationsOnOneVolumeAreSerializedOnDifferentVolumesParallel() throws Exception {
        UUID image = UUID.randomUUID();
        UUID volume = UUID.randomUUID();
        create(image, volume, MIB, VolumeFormat.RAW, Preallocation.SPARSE, null, null);
        try (LockTable.Lease held = storage.volumes.lock(List.of(), List.of(volume))) {
            // another volume goes ahead at once; this one waits for the lock and times out (2 s in the fixture)
            create(UUID.randomUUID(), UUID.randomUUID(), MIB, VolumeFormat.RAW, Preallocation.SPARSE, null, null);
            long start = System.nanoTime();
            assertThat(code(() -> storage.volumeService.extendSize(sd, image, volume, 2 * MIB, null))).isEqualTo(851);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        }
        storage.volumeService.extendSize(sd, image, volume, 2 * MIB, null);
        assertThat(Files.size(path(image, volume))).isEqualTo(2 * MIB);
    }
}
