package io.hostbridge.tests;

import static io.hostbridge.tests.RealVmAgent.awaitStatus;
import static io.hostbridge.tests.RealVmHost.virshOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.tests.ConformanceClients.EventWatch;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * VM.snapshot and VM.merge on a real QEMU guest whose disk is a storage volume: the guest writes before the snapshot
 * (into the base) and after it (into the new top volume, the base unchanged, as qemu-io reads them), then the merge
 * brings the top's data into the base, the VM runs on the base (virsh domblklist) and still reads what it wrote, and
 * the top volume can be deleted; VM.diskSizeExtend grows the disk the guest sees.
 */
@Tag("realvm")
class RealVmSnapshotTest {
    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final Duration STEP = Duration.ofSeconds(30);
    /** "HB-TWO" as qemu-io's read -v prints its bytes. */
    private static final String HB_TWO = "48 42 2d 54 57 4f";

    @RegisterExtension
    @org.junit.jupiter.api.Order(1)
    static final RealVmHost host = new RealVmHost();

    @RegisterExtension
    @org.junit.jupiter.api.Order(2)
    static final AgentExtension agent = RealVmAgent.onSystemDaemon();

    private final RealVmAgent api = RealVmAgent.of(agent);


    /** The 6 bytes at {@code offset} of the volume file's guest view (its chain), as qemu-io prints them. */
    private static String read(String path, long offset) throws Exception {
        Shell.Result r = Shell.run(List.of("qemu-io", "-r", "-U", "-f", "qcow2", "-c", "read -v " + offset + " 6",
                path), 30);
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out();
    }

    private String volume(String sd, String image, String parent) throws Exception {
        String volume = UUID.randomUUID().toString();
        String job = parent == null
                ? (String) api.ok("Volume.create", "volumeID", volume, "storagedomainID", sd, "imageID", image,
                "size", 16 << 20, "volFormat", "COW", "preallocate", "SPARSE")
                : (String) api.ok("Volume.create", "volumeID", volume, "storagedomainID", sd, "imageID", image,
                "size", 16 << 20, "volFormat", "COW", "preallocate", "SPARSE", "srcVolUUID", parent);
        Poll.until(STEP, "Volume.create job " + job, () -> "done".equals(api.okMap("Job.getStatus", "jobID", job)
                .get("status")) ? true : null);
        return volume;
    }

    private String path(String sd, String image, String volume) throws Exception {
        return (String) api.okMap("Volume.getInfo", "storagedomainID", sd, "imageID", image, "volumeID", volume)
                .get("path");
    }

    @Test
    void aSnapshotKeepsTheBaseAndAMergeBringsTheTopBack() throws Exception {
        String sd = UUID.randomUUID().toString();
        api.ok("StorageDomain.create", "storagedomainID", sd, "domainType", "localfs", "typeArgs",
                host.qemuReadableDirectory().toString(), "name", "snapshots", "domainClass", "data");
        String image = UUID.randomUUID().toString();
        String base = volume(sd, image, null);
        String basePath = path(sd, image, base);

        String vmId = UUID.randomUUID().toString();
        String name = RealVmAgent.name("snap", vmId);
        host.track(host.systemUri(), name);
        Map<String, Object> params = RealVmAgent.tinyGuest(host, vmId, name, "hb.shell=1");
        params.put("drives", List.of(Map.of("domainID", sd, "imageID", image, "volumeID", base)));
        try (EventWatch watch = api.watch("vm.status")) {
            api.ok("VM.create", "vmID", vmId, "vmParams", params);
            awaitStatus(watch, vmId, "Up", BOOT);
            ConsoleCaller.Console console = ConsoleCaller.inMemory(agent).open(vmId, false);
            ConsoleCaller.awaitShell(console, BOOT);
            ConsoleCaller.inGuest(console, STEP, "echo HB-ONE | dd of=/dev/vda bs=512 seek=0 conv=fsync 2>/dev/null");

            String top = volume(sd, image, base);
            String topPath = path(sd, image, top);
            api.ok("VM.snapshot", "vmID", vmId, "snapDrives", List.of(Map.of("domainID", sd, "imageID", image,
                    "volumeID", top, "baseVolumeID", base)));
            assertThat(virshOk(host.systemUri(), "domblklist", name)).containsPattern("vda\\s+" + topPath);
            Map<?, ?> drive = (Map<?, ?>) ((List<?>) api.info(vmId).get("drives")).get(0);
            assertThat(drive.get("volumeID")).isEqualTo(top);
            assertThat(api.call("Volume.delete", "storagedomainID", sd, "imageID", image, "volumeID", base).code())
                    .as("the base backs the top").isEqualTo(204);

            ConsoleCaller.inGuest(console, STEP, "echo HB-TWO | dd of=/dev/vda bs=1M seek=1 conv=fsync 2>/dev/null");
            assertThat(read(topPath, 1 << 20)).contains(HB_TWO);
            assertThat(read(basePath, 1 << 20)).as("the base is as the snapshot left it").doesNotContain(HB_TWO);
            assertThat(read(basePath, 0)).contains("48 42 2d 4f 4e 45"); // HB-ONE

            api.ok("VM.merge", "vmID", vmId, "drive", Map.of("domainID", sd, "imageID", image, "volumeID", top),
                    "baseVolUUID", base, "topVolUUID", top);
            assertThat(virshOk(host.systemUri(), "domblklist", name)).containsPattern("vda\\s+" + basePath);
            assertThat(read(basePath, 1 << 20)).as("the top's data merged into the base").contains(HB_TWO);
            assertThat(ConsoleCaller.inGuest(console, STEP, "dd if=/dev/vda bs=1M skip=1 count=1 2>/dev/null | head -c 6; echo"))
                    .contains("HB-TWO");
            Map<?, ?> merged = (Map<?, ?>) ((List<?>) api.info(vmId).get("drives")).get(0);
            assertThat(merged.get("volumeID")).isEqualTo(base);
            api.ok("Volume.delete", "storagedomainID", sd, "imageID", image, "volumeID", top);

            // the disk grows while the guest runs, and the guest sees it
            assertThat(((Number) api.ok("VM.diskSizeExtend", "vmID", vmId, "driveSpecs", Map.of("domainID", sd,
                    "imageID", image, "volumeID", base), "newSize", 32 << 20)).longValue()).isEqualTo(32 << 20);
            assertThat(((Number) api.okMap("Volume.getInfo", "storagedomainID", sd, "imageID", image, "volumeID",
                    base).get("capacity")).longValue()).isEqualTo(32 << 20);
            Poll.until(STEP, "the guest sees 32 MiB", () -> ConsoleCaller.inGuest(console, STEP,
                    "cat /sys/block/vda/size").contains("65536") ? true : null);
            assertThat(api.call("VM.diskSizeExtend", "vmID", vmId, "driveSpecs", Map.of("domainID", sd, "imageID",
                    image, "volumeID", base), "newSize", 16 << 20).code()).as("shrinking").isEqualTo(232);
            Map<String, Object> sizes = api.okMap("VM.refresh_disk", "vmID", vmId, "drive", Map.of("domainID", sd,
                    "imageID", image, "volumeID", base));
            assertThat(((Number) sizes.get("apparentsize")).longValue()).isEqualTo(java.nio.file.Files.size(
                    java.nio.file.Path.of(basePath)));
            assertThat(((Number) sizes.get("truesize")).longValue()).isPositive();

            api.ok("VM.destroy", "vmID", vmId);
            awaitStatus(watch, vmId, "Down", STEP);
        }
    }

    /** Live storage migration: the drive copied to a volume of another domain while the guest writes, then switched. */
    @Test
    void aDriveIsReplicatedToAnotherDomainAndSwitchedLive() throws Exception {
        String sd = UUID.randomUUID().toString();
        api.ok("StorageDomain.create", "storagedomainID", sd, "domainType", "localfs", "typeArgs",
                host.qemuReadableDirectory().toString(), "name", "source", "domainClass", "data");
        String other = UUID.randomUUID().toString();
        api.ok("StorageDomain.create", "storagedomainID", other, "domainType", "localfs", "typeArgs",
                host.qemuReadableDirectory().toString(), "name", "destination", "domainClass", "data");
        String image = UUID.randomUUID().toString();
        String source = volume(sd, image, null);
        String target = UUID.randomUUID().toString();
        String job = (String) api.ok("Volume.create", "volumeID", target, "storagedomainID", other, "imageID", image,
                "size", 16 << 20, "volFormat", "COW", "preallocate", "SPARSE");
        Poll.until(STEP, "Volume.create job " + job, () -> "done".equals(api.okMap("Job.getStatus", "jobID", job)
                .get("status")) ? true : null);
        String targetPath = path(other, image, target);

        String vmId = UUID.randomUUID().toString();
        String name = RealVmAgent.name("replica", vmId);
        host.track(host.systemUri(), name);
        Map<String, Object> params = RealVmAgent.tinyGuest(host, vmId, name, "hb.shell=1");
        params.put("drives", List.of(Map.of("domainID", sd, "imageID", image, "volumeID", source)));
        Map<String, Object> src = Map.of("domainID", sd, "imageID", image, "volumeID", source);
        Map<String, Object> dst = Map.of("domainID", other, "imageID", image, "volumeID", target);
        try (EventWatch watch = api.watch("vm.status")) {
            api.ok("VM.create", "vmID", vmId, "vmParams", params);
            awaitStatus(watch, vmId, "Up", BOOT);
            ConsoleCaller.Console console = ConsoleCaller.inMemory(agent).open(vmId, false);
            ConsoleCaller.awaitShell(console, BOOT);
            ConsoleCaller.inGuest(console, STEP, "echo HB-ONE | dd of=/dev/vda bs=512 seek=0 conv=fsync 2>/dev/null");

            // started and cancelled: the drive stays on its volume
            api.ok("VM.diskReplicateStart", "vmID", vmId, "srcDisk", src, "dstDisk", dst);
            assertThat(api.call("Volume.delete", "storagedomainID", other, "imageID", image, "volumeID", target)
                    .code()).as("the destination is in use").isEqualTo(203);
            api.ok("VM.diskReplicateFinish", "vmID", vmId, "srcDisk", src, "dstDisk", src);
            assertThat(virshOk(host.systemUri(), "domblklist", name)).doesNotContain(targetPath);

            // started again, the guest writes meanwhile, then switched
            api.ok("VM.diskReplicateStart", "vmID", vmId, "srcDisk", src, "dstDisk", dst);
            ConsoleCaller.inGuest(console, STEP, "echo HB-TWO | dd of=/dev/vda bs=1M seek=1 conv=fsync 2>/dev/null");
            api.ok("VM.diskReplicateFinish", "vmID", vmId, "srcDisk", src, "dstDisk", dst);
            assertThat(virshOk(host.systemUri(), "domblklist", name)).containsPattern("vda\\s+" + targetPath);
            Map<?, ?> drive = (Map<?, ?>) ((List<?>) api.info(vmId).get("drives")).get(0);
            assertThat(drive.get("domainID")).isEqualTo(other);
            assertThat(read(targetPath, 0)).contains("48 42 2d 4f 4e 45"); // HB-ONE, copied
            assertThat(read(targetPath, 1 << 20)).contains(HB_TWO); // mirrored while copying
            assertThat(ConsoleCaller.inGuest(console, STEP, "dd if=/dev/vda bs=1M skip=1 count=1 2>/dev/null"
                    + " | head -c 6; echo")).contains("HB-TWO");
            api.ok("Volume.delete", "storagedomainID", sd, "imageID", image, "volumeID", source);

            api.ok("VM.destroy", "vmID", vmId);
            awaitStatus(watch, vmId, "Down", STEP);
        }
    }
}
