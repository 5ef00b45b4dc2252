package io.hostbridge.core.storage;

import static io.hostbridge.core.storage.StorageFixture.code;
import static io.hostbridge.core.storage.StorageFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.jobs.JobInfo;
import io.hostbridge.api.jobs.JobStatus;
import io.hostbridge.api.storage.Legality;
import io.hostbridge.api.storage.Preallocation;
import io.hostbridge.api.storage.Qcow2Attributes;
import io.hostbridge.api.storage.Qcow2BitmapInfo;
import io.hostbridge.api.storage.QemuImageFormat;
import io.hostbridge.api.storage.QemuImageInfo;
import io.hostbridge.api.storage.StorageDomainDump;
import io.hostbridge.api.storage.StorageDomainVitals;
import io.hostbridge.api.storage.VolumeAttributes;
import io.hostbridge.api.storage.VolumeEndpoint;
import io.hostbridge.api.storage.VolumeFormat;
import io.hostbridge.api.storage.VolumeRole;
import io.hostbridge.core.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's volume, image and domain maintenance verbs on real files with the real qemu-img: bitmaps, amend,
 * update, qemu-img info, deleting some volumes of an image, validate, dump and the domains' vitals.
 */
class VolumeMaintenanceTest {
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

    private UUID volume(UUID image, VolumeFormat format, UUID parent) {
        UUID id = UUID.randomUUID();
        storage.volumeService.create(id, sd, image, 4 * MIB, format, Preallocation.SPARSE, "", null, parent, null,
                "DATA", null);
        return id;
    }

    private JobInfo await(UUID job) {
        return Poll.until(Duration.ofSeconds(60), () -> storage.jobs.get(job), j -> j.status().finished(),
                "job " + job);
    }

    private JobInfo sdm(java.util.function.Consumer<UUID> call) {
        UUID job = UUID.randomUUID();
        call.accept(job);
        return await(job);
    }

    private QemuImageInfo qemuInfo(UUID image, UUID volume) {
        return storage.volumeService.getQemuImageInfo(volume, sd, image, null);
    }

    private Legality legality(UUID image, UUID volume) {
        return storage.volumeService.getInfo(sd, image, volume, null).legality();
    }

    @Test
    void qemuImageInfoReportsFormatSizesBackingAndBitmaps() throws Exception {
        UUID image = UUID.randomUUID();
        UUID raw = volume(image, VolumeFormat.RAW, null);
        UUID top = volume(image, VolumeFormat.COW, raw);
        QemuImageInfo base = qemuInfo(image, raw);
        assertThat(base.format()).isEqualTo(QemuImageFormat.RAW);
        assertThat(base.virtualsize()).isEqualTo(4 * MIB);
        assertThat(base.clustersize()).isNull();
        assertThat(base.compat()).isNull();
        assertThat(base.bitmaps()).isNull();
        QemuImageInfo cow = qemuInfo(image, top);
        assertThat(cow.format()).isEqualTo(QemuImageFormat.QCOW2);
        assertThat(cow.clustersize()).isEqualTo(65536);
        assertThat(cow.compat()).isEqualTo("1.1");
        assertThat(cow.backingfile()).isEqualTo(raw.toString());
        assertThat(cow.bitmaps()).isEmpty();
        assertThat(code(() -> qemuInfo(image, UUID.randomUUID()))).isEqualTo(201);
    }

    @Test
    void bitmapsAreAddedRemovedAndClearedAsQemuImgSeesThem() throws Exception {
        UUID image = UUID.randomUUID();
        UUID base = volume(image, VolumeFormat.COW, null);
        UUID top = volume(image, VolumeFormat.COW, base);
        VolumeEndpoint baseEnd = new VolumeEndpoint("div", sd, image, base);
        VolumeEndpoint topEnd = new VolumeEndpoint(null, sd, image, top);
        String path = storage.volumeService.getInfo(sd, image, top, null).path();

        JobInfo added = sdm(job -> storage.sdm.add_bitmap(job, topEnd, "checkpoint-1"));
        assertThat(added.status()).isEqualTo(JobStatus.DONE);
        assertThat(added.description()).isEqualTo("add_bitmap");
        assertThat(qemuInfo(image, top).bitmaps()).extracting(Qcow2BitmapInfo::name).containsExactly("checkpoint-1");
        assertThat(qemuInfo(image, top).bitmaps().get(0).flags()).containsExactly("auto");
        assertThat(String.join("\n", run("qemu-img", "info", "-U", path))).contains("checkpoint-1");
        assertThat(legality(image, top)).isEqualTo(Legality.LEGAL);
        sdm(job -> storage.sdm.add_bitmap(job, topEnd, "checkpoint-2"));

        // the name is taken in this volume, or in one under it
        assertThat(code(() -> storage.sdm.add_bitmap(UUID.randomUUID(), topEnd, "checkpoint-1"))).isEqualTo(5002);
        sdm(job -> storage.sdm.add_bitmap(job, baseEnd, "old"));
        assertThat(code(() -> storage.sdm.add_bitmap(UUID.randomUUID(), topEnd, "old"))).isEqualTo(5002);
        // names qemu-img would misread or refuse
        for (String bad : List.of("", "-f", "a\nb", "x".repeat(1024))) {
            assertThat(code(() -> storage.sdm.add_bitmap(UUID.randomUUID(), topEnd, bad))).as(bad).isEqualTo(5002);
        }

        assertThat(sdm(job -> storage.sdm.remove_bitmap(job, topEnd, "checkpoint-1")).status())
                .isEqualTo(JobStatus.DONE);
        assertThat(qemuInfo(image, top).bitmaps()).extracting(Qcow2BitmapInfo::name).containsExactly("checkpoint-2");
        assertThat(code(() -> storage.sdm.remove_bitmap(UUID.randomUUID(), topEnd, "checkpoint-1"))).isEqualTo(947);

        sdm(job -> storage.sdm.add_bitmap(job, topEnd, "checkpoint-3"));
        assertThat(sdm(job -> storage.sdm.clear_bitmaps(job, topEnd)).status()).isEqualTo(JobStatus.DONE);
        assertThat(qemuInfo(image, top).bitmaps()).isEmpty();
        assertThat(qemuInfo(image, base).bitmaps()).extracting(Qcow2BitmapInfo::name).containsExactly("old");
        run("qemu-img", "check", path);
    }

    @Test
    void bitmapJobsRefuseRawInUseIllegalVolumesAndReusedJobIds() throws Exception {
        UUID image = UUID.randomUUID();
        UUID raw = volume(image, VolumeFormat.RAW, null);
        assertThat(code(() -> storage.sdm.add_bitmap(UUID.randomUUID(), new VolumeEndpoint(null, sd, image, raw), "b")))
                .isEqualTo(2009);
        UUID other = UUID.randomUUID();
        UUID cow = volume(other, VolumeFormat.COW, null);
        VolumeEndpoint end = new VolumeEndpoint(null, sd, other, cow);
        Path file = Path.of(storage.volumeService.getInfo(sd, other, cow, null).path());
        storage.users.put(file, "vm 1234");
        assertThat(code(() -> storage.sdm.add_bitmap(UUID.randomUUID(), end, "b"))).isEqualTo(203);
        storage.users.clear();
        UUID job = UUID.randomUUID();
        storage.sdm.add_bitmap(job, end, "b");
        await(job);
        assertThat(code(() -> storage.sdm.clear_bitmaps(job, end))).as("a job id in use").isEqualTo(5002);
        assertThat(qemuInfo(other, cow).bitmaps()).hasSize(1);
        storage.volumeService.setLegality(cow, sd, other, Legality.ILLEGAL, null);
        assertThat(code(() -> storage.sdm.clear_bitmaps(UUID.randomUUID(), end))).isEqualTo(227);
        assertThat(code(() -> storage.sdm.add_bitmap(UUID.randomUUID(), new VolumeEndpoint(null, sd, other,
                UUID.randomUUID()), "b"))).isEqualTo(201);
    }

    @Test
    void amendChangesTheCompatLevelAndRefusesToDropBitmaps() throws Exception {
        UUID image = UUID.randomUUID();
        UUID cow = volume(image, VolumeFormat.COW, null);
        VolumeEndpoint end = new VolumeEndpoint(null, sd, image, cow);
        run("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 0 1M", storage.volumeService.getInfo(sd, image, cow, null)
                .path());
        assertThat(sdm(job -> storage.sdm.amend_volume(job, end, new Qcow2Attributes("0.10"))).status())
                .isEqualTo(JobStatus.DONE);
        assertThat(qemuInfo(image, cow).compat()).isEqualTo("0.10");
        assertThat(legality(image, cow)).isEqualTo(Legality.LEGAL);
        assertThat(code(() -> storage.sdm.add_bitmap(UUID.randomUUID(), end, "b"))).as("0.10 has no bitmaps")
                .isEqualTo(2009);
        sdm(job -> storage.sdm.amend_volume(job, end, new Qcow2Attributes("1.1")));
        assertThat(qemuInfo(image, cow).compat()).isEqualTo("1.1");
        run("qemu-io", "-f", "qcow2", "-c", "read -P 0x5a 0 1M", storage.volumeService.getInfo(sd, image, cow, null)
                .path());
        sdm(job -> storage.sdm.add_bitmap(job, end, "b"));
        assertThat(code(() -> storage.sdm.amend_volume(UUID.randomUUID(), end, new Qcow2Attributes("0.10"))))
                .isEqualTo(2009);
        assertThat(qemuInfo(image, cow).compat()).isEqualTo("1.1");
    }

    @Test
    void updateVolumeAndTheDeprecatedSettersChangeTheMetadataOnDisk() throws Exception {
        UUID image = UUID.randomUUID();
        UUID volume = volume(image, VolumeFormat.RAW, null);
        UUID job = UUID.randomUUID();
        storage.sdm.update_volume(job, new VolumeEndpoint(null, sd, image, volume), new VolumeAttributes(
                Legality.ILLEGAL, "half written"));
        assertThat(storage.jobs.get(job).status()).isEqualTo(JobStatus.DONE);
        assertThat(storage.volumeService.getInfo(sd, image, volume, null).description()).isEqualTo("half written");
        assertThat(legality(image, volume)).isEqualTo(Legality.ILLEGAL);
        storage.volumeService.setLegality(volume, sd, image, Legality.LEGAL, null);
        storage.volumeService.setDescription(volume, sd, image, "whole", null);
        // what a restart reads
        StorageFixture again = new StorageFixture(tmp.resolve("state"));
        try {
            assertThat(again.volumeService.getInfo(sd, image, volume, null).description()).isEqualTo("whole");
            assertThat(again.volumeService.getInfo(sd, image, volume, null).legality()).isEqualTo(Legality.LEGAL);
        } finally {
            again.close();
        }
        Path file = Path.of(storage.volumeService.getInfo(sd, image, volume, null).path());
        storage.users.put(file, "vm 42");
        assertThat(code(() -> storage.volumeService.setLegality(volume, sd, image, Legality.ILLEGAL, null)))
                .isEqualTo(203);
        storage.volumeService.setDescription(volume, sd, image, "in use, described", null);
        assertThat(legality(image, volume)).isEqualTo(Legality.LEGAL);
    }

    @Test
    void deleteVolumesRemovesChildrenFirstOrNothingAtAll() throws Exception {
        UUID image = UUID.randomUUID();
        UUID base = volume(image, VolumeFormat.RAW, null);
        UUID mid = volume(image, VolumeFormat.COW, base);
        UUID top = volume(image, VolumeFormat.COW, mid);
        Path dir = Path.of(storage.volumeService.getInfo(sd, image, base, null).path()).getParent();
        assertThat(code(() -> storage.images.deleteVolumes(image, sd, List.of(base, mid), false, false, false, null)))
                .as("top would lose its parent").isEqualTo(204);
        assertThat(storage.images.getVolumes(sd, image, null)).containsExactly(base, mid, top);
        storage.users.put(Path.of(storage.volumeService.getInfo(sd, image, top, null).path()), "vm 7");
        assertThat(code(() -> storage.images.deleteVolumes(image, sd, List.of(mid, top), false, false, false, null)))
                .isEqualTo(203);
        storage.users.clear();
        assertThat(code(() -> storage.images.deleteVolumes(image, sd, List.of(top, UUID.randomUUID()), false, false,
                false, null))).isEqualTo(201);
        assertThat(storage.images.getVolumes(sd, image, null)).containsExactly(base, mid, top);

        UUID job = storage.images.deleteVolumes(image, sd, List.of(mid, top), false, false, false, null);
        assertThat(storage.jobs.get(job).status()).isEqualTo(JobStatus.DONE);
        assertThat(storage.images.getVolumes(sd, image, null)).containsExactly(base);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(base.toString(),
                    base + ".meta");
        }
        storage.images.deleteVolumes(image, sd, List.of(base), false, false, false, null);
        assertThat(dir).doesNotExist();
    }

    @Test
    void validateDumpAndVitalsTellAHealthyDomainFromABrokenOne() throws Exception {
        UUID image = UUID.randomUUID();
        UUID base = volume(image, VolumeFormat.RAW, null);
        UUID top = volume(image, VolumeFormat.COW, base);
        storage.domains.validate(sd);
        storage.domains.setDescription(sd, "renamed");
        assertThat(storage.domains.getInfo(sd).name()).isEqualTo("renamed");

        StorageDomainDump dump = storage.domains.dump(sd, true);
        assertThat(dump.metadata().name()).isEqualTo("renamed");
        assertThat(dump.volumes()).containsOnlyKeys(base.toString(), top.toString());
        assertThat(dump.volumes().get(base.toString()).voltype()).isEqualTo(VolumeRole.INTERNAL);
        assertThat(dump.volumes().get(top.toString()).parent()).isEqualTo(base);
        assertThat(dump.volumes().get(top.toString()).status()).isEqualTo("OK");
        assertThat(dump.volumes().get(base.toString()).apparentsize()).isEqualTo(4 * MIB);

        UUID other = storage.domain(tmp);
        Map<String, StorageDomainVitals> vitals = storage.domains.getStorageRepoStats(null);
        assertThat(vitals).containsOnlyKeys(sd.toString(), other.toString());
        assertThat(vitals.get(sd.toString()).valid()).isTrue();
        assertThat(vitals.get(sd.toString()).code()).isZero();
        assertThat(vitals.get(sd.toString()).acquired()).isTrue();
        assertThat(Double.parseDouble(vitals.get(sd.toString()).delay())).isBetween(0.0, 10.0);
        assertThat(storage.domains.getStorageRepoStats(List.of(other, UUID.randomUUID()))).containsOnlyKeys(
                other.toString());

        // the volume file lost, then the domain's metadata
        Path root = storage.registry.get(sd).root();
        Files.delete(Path.of(storage.volumeService.getInfo(sd, image, top, null).path()));
        assertThat(storage.domains.dump(sd, false).volumes().get(top.toString()).status()).isEqualTo("INVALID");
        Files.delete(root.resolve("dom_md").resolve("metadata"));
        assertThat(code(() -> storage.domains.validate(sd))).isEqualTo(379);
        StorageDomainVitals broken = storage.domains.getStorageRepoStats(null).get(sd.toString());
        assertThat(broken.valid()).isFalse();
        assertThat(broken.code()).isEqualTo(379);
        assertThat(storage.domains.getStorageRepoStats(null).get(other.toString()).valid()).isTrue();
        storage.domains.deactivate(other, null);
        assertThat(storage.domains.getStorageRepoStats(null).get(other.toString()).acquired()).isFalse();
    }

    @Test
    void prepareWalksTheChainAndRefreshReadsTheMetadataAgain() throws Exception {
        UUID template = UUID.randomUUID();
        UUID base = volume(template, VolumeFormat.COW, null);
        UUID image = UUID.randomUUID();
        UUID mid = UUID.randomUUID();
        storage.volumeService.create(mid, sd, image, 4 * MIB, VolumeFormat.COW, Preallocation.SPARSE, "", template,
                base, null, "DATA", null);
        UUID top = volume(image, VolumeFormat.COW, mid);
        io.hostbridge.api.storage.PreparedImage prepared = storage.images.prepare(sd, image, top, false, null);
        assertThat(prepared.path()).isEqualTo(storage.volumeService.getInfo(sd, image, top, null).path());
        assertThat(prepared.imgVolumesInfo()).extracting(v -> v.volumeID()).containsExactly(base, mid, top);
        assertThat(prepared.imgVolumesInfo().get(0).imageID()).as("the template's image").isEqualTo(template);

        storage.volumeService.setLegality(mid, sd, image, Legality.ILLEGAL, null);
        assertThat(code(() -> storage.images.prepare(sd, image, top, false, null))).isEqualTo(227);
        assertThat(storage.images.prepare(sd, image, top, true, null).imgVolumesInfo()).hasSize(3);
        Path midFile = Path.of(storage.volumeService.getInfo(sd, image, mid, null).path());
        Files.move(midFile, midFile.resolveSibling("moved-away"));
        assertThat(code(() -> storage.images.prepare(sd, image, top, true, null))).isEqualTo(201);
        Files.move(midFile.resolveSibling("moved-away"), midFile);

        // the metadata file changed on the disk, behind the agent's back: refresh reads it
        Path meta = midFile.resolveSibling(mid + ".meta");
        Files.writeString(meta, Files.readString(meta).replace("\"ILLEGAL\"", "\"LEGAL\""));
        assertThat(storage.volumeService.getInfo(sd, image, mid, null).legality()).isEqualTo(Legality.ILLEGAL);
        storage.volumeService.refresh(mid, sd, image, null);
        assertThat(storage.volumeService.getInfo(sd, image, mid, null).legality()).isEqualTo(Legality.LEGAL);
        assertThat(storage.images.prepare(sd, image, top, false, null).imgVolumesInfo()).hasSize(3);
        Files.delete(meta);
        assertThat(code(() -> storage.volumeService.refresh(mid, sd, image, null))).isEqualTo(201);
        assertThat(code(() -> storage.volumeService.getInfo(sd, image, mid, null))).as("forgotten").isEqualTo(201);
    }

    @Test
    void aColdMergeMovesTheTopsDataAndBitmapsIntoTheBaseAndRebasesItsChild() throws Exception {
        UUID image = UUID.randomUUID();
        UUID base = volume(image, VolumeFormat.COW, null);
        UUID top = volume(image, VolumeFormat.COW, base);
        UUID child = volume(image, VolumeFormat.COW, top);
        String basePath = storage.volumeService.getInfo(sd, image, base, null).path();
        String topPath = storage.volumeService.getInfo(sd, image, top, null).path();
        String childPath = storage.volumeService.getInfo(sd, image, child, null).path();
        run("qemu-io", "-f", "qcow2", "-c", "write -P 0x11 0 1M", basePath);
        run("qemu-io", "-f", "qcow2", "-c", "write -P 0x22 1M 1M", topPath);
        run("qemu-io", "-f", "qcow2", "-c", "write -P 0x33 2M 1M", childPath);
        run("qemu-img", "bitmap", "--add", "-f", "qcow2", topPath, "cp-1");
        io.hostbridge.api.storage.SubchainInfo subchain = new io.hostbridge.api.storage.SubchainInfo(sd, image, top,
                base, null);
        assertThat(code(() -> storage.sdm.merge(UUID.randomUUID(), new io.hostbridge.api.storage.SubchainInfo(sd,
                image, child, base, null), false))).as("base is not child's parent").isEqualTo(5002);
        storage.users.put(Path.of(childPath), "vm 9");
        assertThat(code(() -> storage.sdm.merge(UUID.randomUUID(), subchain, true))).as("the child is in use")
                .isEqualTo(203);
        storage.users.clear();

        JobInfo merged = sdm(job -> storage.sdm.merge(job, subchain, true));
        assertThat(merged.status()).as(String.valueOf(merged.error())).isEqualTo(JobStatus.DONE);
        run("qemu-io", "-r", "-f", "qcow2", "-c", "read -P 0x11 0 1M", "-c", "read -P 0x22 1M 1M", basePath);
        assertThat(qemuInfo(image, child).backingfile()).isEqualTo(base.toString());
        assertThat(storage.volumeService.getInfo(sd, image, child, null).parent()).isEqualTo(base);
        run("qemu-io", "-r", "-f", "qcow2", "-c", "read -P 0x11 0 1M", "-c", "read -P 0x22 1M 1M", "-c",
                "read -P 0x33 2M 1M", childPath);
        assertThat(qemuInfo(image, base).bitmaps()).extracting(Qcow2BitmapInfo::name).containsExactly("cp-1");
        assertThat(legality(image, top)).as("left for the caller to delete").isEqualTo(Legality.ILLEGAL);
        assertThat(legality(image, base)).isEqualTo(Legality.LEGAL);
        storage.volumeService.delete(sd, image, top, false, false, null);
        assertThat(storage.images.getVolumes(sd, image, null)).containsExactly(base, child);
    }

    /** Files an untrusted party could leave in a volume: each refused with 484 naming what differs. */
    @Test
    void verifyUntrustedRefusesWhatTheMetadataDoesNotSay() throws Exception {
        UUID image = UUID.randomUUID();
        UUID base = volume(image, VolumeFormat.RAW, null);
        UUID top = volume(image, VolumeFormat.COW, base);
        storage.volumeService.verify_untrusted(sd, image, base, null);
        storage.volumeService.verify_untrusted(sd, image, top, null);
        String rawPath = storage.volumeService.getInfo(sd, image, base, null).path();
        String cowPath = storage.volumeService.getInfo(sd, image, top, null).path();

        // a qcow2 header written into a RAW volume by its guest or uploader
        run("qemu-img", "create", "-q", "-f", "qcow2", "-b", "/etc/passwd", "-F", "raw", rawPath, "4M");
        assertThat(untrusted(image, base)).contains("484", "its file is qcow2");
        run("qemu-img", "create", "-q", "-f", "raw", rawPath, "4M");
        storage.volumeService.verify_untrusted(sd, image, base, null);

        run("qemu-img", "rebase", "-u", "-f", "qcow2", "-b", "/etc/passwd", "-F", "raw", cowPath);
        assertThat(untrusted(image, top)).contains("484", "backing file is not its parent").doesNotContain("passwd");
        run("qemu-img", "rebase", "-u", "-f", "qcow2", "-b", base.toString(), "-F", "raw", cowPath);
        storage.volumeService.verify_untrusted(sd, image, top, null);

        run("qemu-img", "resize", "-q", "-f", "qcow2", cowPath, "8M");
        assertThat(untrusted(image, top)).contains("484", "virtual size");
        run("qemu-img", "create", "-q", "-f", "qcow2", "-o", "data_file=" + tmp.resolve("elsewhere.raw"), "-b",
                base.toString(), "-F", "raw", cowPath, "4M");
        assertThat(untrusted(image, top)).contains("484", "external data file");
    }

    private String untrusted(UUID image, UUID volume) {
        try {
            storage.volumeService.verify_untrusted(sd, image, volume, null);
        } catch (io.hostbridge.api.BridgeException e) {
            return e.code() + " " + e.getMessage();
        }
        throw new AssertionError("verified");
    }

    @Test
    void anImageIsClonedSyncedAndMovedToAnotherDomainWithItsChain() throws Exception {
        UUID other = storage.domain(tmp);
        UUID image = UUID.randomUUID();
        UUID base = volume(image, VolumeFormat.RAW, null);
        UUID top = volume(image, VolumeFormat.COW, base);
        String basePath = storage.volumeService.getInfo(sd, image, base, null).path();
        String topPath = storage.volumeService.getInfo(sd, image, top, null).path();
        run("qemu-io", "-f", "raw", "-c", "write -P 0x11 0 1M", basePath);
        run("qemu-io", "-f", "qcow2", "-c", "write -P 0x22 1M 1M", topPath);

        assertThat(await(storage.images.cloneStructure(image, sd, other, null)).status()).isEqualTo(JobStatus.DONE);
        assertThat(storage.volumeService.getInfo(other, image, top, null).legality()).isEqualTo(Legality.ILLEGAL);
        assertThat(storage.volumeService.getInfo(other, image, top, null).parent()).isEqualTo(base);
        assertThat(await(storage.images.syncData(image, sd, other, io.hostbridge.api.storage.SyncType.ALL, null))
                .status()).isEqualTo(JobStatus.DONE);
        String copy = storage.volumeService.getInfo(other, image, top, null).path();
        assertThat(storage.volumeService.getInfo(other, image, top, null).legality()).isEqualTo(Legality.LEGAL);
        run("qemu-io", "-r", "-f", "qcow2", "-c", "read -P 0x11 0 1M", "-c", "read -P 0x22 1M 1M", copy);
        assertThat(qemuInfo(image, top).backingfile()).isEqualTo(base.toString());
        run("qemu-img", "compare", "-f", "qcow2", "-F", "qcow2", topPath, copy);
        assertThat(code(() -> storage.images.cloneStructure(image, sd, other, null))).isEqualTo(212);

        UUID third = storage.domain(tmp);
        storage.users.put(Path.of(topPath), "vm 5");
        assertThat(code(() -> storage.images.move(image, sd, third, io.hostbridge.api.storage.ImageMoveOperation.MOVE,
                false, false, false, null))).isEqualTo(203);
        storage.users.clear();
        JobInfo moved = await(storage.images.move(image, sd, third, io.hostbridge.api.storage.ImageMoveOperation.MOVE,
                false, false, false, null));
        assertThat(moved.status()).as(String.valueOf(moved.error())).isEqualTo(JobStatus.DONE);
        assertThat(code(() -> storage.images.getVolumes(sd, image, null))).as("gone from the source").isEqualTo(268);
        assertThat(storage.images.getVolumes(third, image, null)).containsExactly(base, top);
        run("qemu-io", "-r", "-f", "qcow2", "-c", "read -P 0x11 0 1M", "-c", "read -P 0x22 1M 1M",
                storage.volumeService.getInfo(third, image, top, null).path());
    }

    @Test
    void getFileStatsListsAnIsoDomainsFilesByPattern() throws Exception {
        assertThat(storage.domains.getFileStats(sd, "*", false)).as("no ISO directory").isEmpty();
        Path iso = storage.registry.get(sd).root().resolve("images").resolve(StorageDomainService.ISO_IMAGE);
        Files.createDirectories(iso);
        Files.writeString(iso.resolve("debian.iso"), "x".repeat(2048));
        Files.writeString(iso.resolve("TOOLS.ISO"), "y");
        Files.writeString(iso.resolve("notes.txt"), "z");
        Files.createSymbolicLink(iso.resolve("link.iso"), Path.of("/etc/passwd"));
        Map<String, io.hostbridge.api.storage.FileStats> all = storage.domains.getFileStats(sd, "*.iso", false);
        assertThat(all).containsOnlyKeys("debian.iso", "TOOLS.ISO");
        assertThat(all.get("debian.iso").size()).isEqualTo(2048);
        assertThat(all.get("debian.iso").status()).isZero();
        assertThat(all.get("debian.iso").ctime()).isPositive();
        assertThat(storage.domains.getFileStats(sd, "*.iso", true)).containsOnlyKeys("debian.iso");
        assertThat(storage.domains.getFileStats(sd, "*", true)).containsOnlyKeys("debian.iso", "TOOLS.ISO",
                "notes.txt");
        assertThat(code(() -> storage.domains.getFileStats(sd, "../*", false))).isEqualTo(5002);
    }

    /** Zeros written as data take space; sparsify gives it back and the data reads the same. */
    @Test
    void sparsifyGivesBackTheSpaceOfZeroBlocks() throws Exception {
        UUID image = UUID.randomUUID();
        UUID raw = volume(image, VolumeFormat.RAW, null);
        String rawPath = storage.volumeService.getInfo(sd, image, raw, null).path();
        run("qemu-io", "-f", "raw", "-c", "write -P 0x00 0 2M", "-c", "write -P 0x7a 3M 512k", rawPath);
        Path before = tmp.resolve("raw-before.img");
        Files.copy(Path.of(rawPath), before);
        long rawAllocated = storage.volumeService.getInfo(sd, image, raw, null).truesize();
        assertThat(sdm(job -> storage.sdm.sparsify_volume(job, new VolumeEndpoint(null, sd, image, raw))).status())
                .isEqualTo(JobStatus.DONE);
        assertThat(storage.volumeService.getInfo(sd, image, raw, null).truesize()).isLessThan(rawAllocated);
        run("qemu-img", "compare", "-f", "raw", "-F", "raw", before.toString(), rawPath);
        assertThat(legality(image, raw)).isEqualTo(Legality.LEGAL);

        UUID other = UUID.randomUUID();
        UUID base = volume(other, VolumeFormat.COW, null);
        UUID top = volume(other, VolumeFormat.COW, base);
        String basePath = storage.volumeService.getInfo(sd, other, base, null).path();
        String topPath = storage.volumeService.getInfo(sd, other, top, null).path();
        run("qemu-io", "-f", "qcow2", "-c", "write -P 0x11 0 1M", basePath);
        run("qemu-io", "-f", "qcow2", "-c", "write -P 0x00 1M 2M", "-c", "write -P 0x22 3M 512k", topPath);
        Path expected = tmp.resolve("top-before.raw");
        run("qemu-img", "convert", "-f", "qcow2", "-O", "raw", topPath, expected.toString());
        long cowAllocated = storage.volumeService.getInfo(sd, other, top, null).truesize();
        assertThat(code(() -> storage.sdm.sparsify_volume(UUID.randomUUID(), new VolumeEndpoint(null, sd, other,
                base)))).as("base backs top").isEqualTo(204);
        JobInfo done = sdm(job -> storage.sdm.sparsify_volume(job, new VolumeEndpoint(null, sd, other, top)));
        assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(JobStatus.DONE);
        assertThat(storage.volumeService.getInfo(sd, other, top, null).truesize()).isLessThan(cowAllocated);
        assertThat(qemuInfo(other, top).backingfile()).isEqualTo(base.toString());
        run("qemu-img", "compare", "-f", "raw", "-F", "qcow2", expected.toString(), topPath);
    }
}
