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

    /** A new localfs storage domain QEMU can read, named {@code name}; its id. */
    private String domain(String name) throws Exception {
        String sd = UUID.randomUUID().toString();
        api.ok("StorageDomain.create", "storagedomainID", sd, "domainType", "localfs", "typeArgs",
                host.qemuReadableDirectory().toString(), "name", name, "domainClass", "data");
        return sd;
    }

    /** VM.create of the tiny guest with its shell ({@code params}), Up, its console open at the shell prompt. */
    private ConsoleCaller.Console boot(EventWatch watch, String vmId, Map<String, Object> params) throws Exception {
        api.ok("VM.create", "vmID", vmId, "vmParams", params);
        awaitStatus(watch, vmId, "Up", BOOT);
        ConsoleCaller.Console console = ConsoleCaller.inMemory(agent).open(vmId, false);
        ConsoleCaller.awaitShell(console, BOOT);
        return console;
    }

    /** The tiny guest with its shell, named {@code name} (tracked for clean-up), its disk on the volume. */
    private Map<String, Object> shellGuest(String vmId, String name, String sd, String image, String volume) {
        host.track(host.systemUri(), name);
        Map<String, Object> params = RealVmAgent.tinyGuest(host, vmId, name, "hb.shell=1");
        params.put("drives", List.of(Map.of("domainID", sd, "imageID", image, "volumeID", volume)));
        return params;
    }

    private void destroy(EventWatch watch, String vmId) throws Exception {
        api.ok("VM.destroy", "vmID", vmId);
        awaitStatus(watch, vmId, "Down", STEP);
    }

    @Test
    void aSnapshotKeepsTheBaseAndAMergeBringsTheTopBack() throws Exception {
        String sd = domain("snapshots");
        String image = UUID.randomUUID().toString();
        String base = volume(sd, image, null);
        String basePath = path(sd, image, base);

        String vmId = UUID.randomUUID().toString();
        String name = RealVmAgent.name("snap", vmId);
        Map<String, Object> params = shellGuest(vmId, name, sd, image, base);
        try (EventWatch watch = api.watch("vm.status")) {
            ConsoleCaller.Console console = boot(watch, vmId, params);
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

    /**
     * VM.merge of an internal volume: two snapshots make base, mid and leaf; mid merged into base while the guest
     * runs on the leaf; the leaf is then backed by the base (its file and its metadata), mid is ILLEGAL and can go,
     * and the guest reads everything it wrote.
     */
    @Test
    void anInternalVolumeIsMergedIntoItsParentLive() throws Exception {
        String sd = domain("internal");
        String image = UUID.randomUUID().toString();
        String base = volume(sd, image, null);
        String vmId = UUID.randomUUID().toString();
        String name = RealVmAgent.name("imerge", vmId);
        Map<String, Object> params = shellGuest(vmId, name, sd, image, base);
        try (EventWatch watch = api.watch("vm.status")) {
            ConsoleCaller.Console console = boot(watch, vmId, params);
            ConsoleCaller.inGuest(console, STEP, "echo HB-ONE | dd of=/dev/vda bs=512 seek=0 conv=fsync 2>/dev/null");
            String mid = volume(sd, image, base);
            api.ok("VM.snapshot", "vmID", vmId, "snapDrives", List.of(Map.of("domainID", sd, "imageID", image,
                    "volumeID", mid, "baseVolumeID", base)));
            ConsoleCaller.inGuest(console, STEP, "dd if=/dev/urandom of=/dev/vda bs=1M seek=3 count=4 conv=fsync"
                    + " 2>/dev/null; echo HB-TWO | dd of=/dev/vda bs=1M seek=1 conv=fsync 2>/dev/null");
            String leaf = volume(sd, image, mid);
            api.ok("VM.snapshot", "vmID", vmId, "snapDrives", List.of(Map.of("domainID", sd, "imageID", image,
                    "volumeID", leaf, "baseVolumeID", mid)));
            ConsoleCaller.inGuest(console, STEP, "echo HB-SIX | dd of=/dev/vda bs=1M seek=2 conv=fsync 2>/dev/null");

            // as a job at 1 MiB/s: the call returns at once, VM.getStats' vmJobs reports it until it is done
            String job = UUID.randomUUID().toString();
            api.ok("VM.merge", "vmID", vmId, "drive", Map.of("domainID", sd, "imageID", image, "volumeID", leaf),
                    "baseVolUUID", base, "topVolUUID", mid, "bandwidth", 1, "jobUUID", job);
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> running = (Map<String, Map<String, Object>>) ((Map<?, ?>)
                    ((List<?>) api.ok("VM.getStats", "vmID", vmId)).get(0)).get("vmJobs");
            assertThat(running.get(job)).containsEntry("blockJobType", "commit").containsEntry("drive", "vda")
                    .containsEntry("imgUUID", image);
            Poll.until(Duration.ofSeconds(90), "merge job " + job + " done", () -> ((Map<?, ?>) ((Map<?, ?>)
                    ((List<?>) api.ok("VM.getStats", "vmID", vmId)).get(0)).get("vmJobs")).isEmpty() ? true : null);
            String leafPath = path(sd, image, leaf);
            assertThat(virshOk(host.systemUri(), "domblklist", name)).containsPattern("vda\\s+" + leafPath);
            Shell.Result info = Shell.run(List.of("qemu-img", "info", "-U", "--output=json", leafPath), 30);
            assertThat(info.out()).as(info.err()).contains("\"backing-filename\": \"" + base + "\"");
            assertThat(api.okMap("Volume.getInfo", "storagedomainID", sd, "imageID", image, "volumeID", leaf))
                    .containsEntry("parent", base);
            assertThat(api.okMap("Volume.getInfo", "storagedomainID", sd, "imageID", image, "volumeID", mid))
                    .containsEntry("legality", "ILLEGAL");
            assertThat(read(path(sd, image, base), 1 << 20)).as("mid's data in the base").contains(HB_TWO);
            assertThat(ConsoleCaller.inGuest(console, STEP, "for o in 0 1 2; do dd if=/dev/vda bs=1M skip=$o count=1"
                    + " iflag=direct 2>/dev/null | head -c 6; done; echo")).contains("HB-ONEHB-TWOHB-SIX");
            api.ok("Volume.delete", "storagedomainID", sd, "imageID", image, "volumeID", mid);
            console.ok();
            destroy(watch, vmId);
        }
    }

    /**
     * A snapshot with memory, then back to it: the guest's shell keeps a variable set before the snapshot and its
     * disk reads what it held then, although the guest overwrote it after the snapshot (in the top volume, deleted
     * for the revert: the restored VM runs on a new volume over the base).
     */
    @Test
    void aMemorySnapshotResumesTheGuestAsItWas() throws Exception {
        String sd = domain("memsnap");
        String image = UUID.randomUUID().toString();
        String base = volume(sd, image, null);
        String memoryImage = UUID.randomUUID().toString();
        String memory = UUID.randomUUID().toString();
        String job = (String) api.ok("Volume.create", "volumeID", memory, "storagedomainID", sd, "imageID",
                memoryImage, "size", 1 << 20, "volFormat", "RAW", "preallocate", "SPARSE");
        Poll.until(STEP, "Volume.create job " + job, () -> "done".equals(api.okMap("Job.getStatus", "jobID", job)
                .get("status")) ? true : null);
        String handle = sd + ",00000000-0000-0000-0000-000000000000," + memoryImage + "," + memory;

        String vmId = UUID.randomUUID().toString();
        String name = RealVmAgent.name("memsnap", vmId);
        Map<String, Object> params = shellGuest(vmId, name, sd, image, base);
        try (EventWatch watch = api.watch("vm.status")) {
            ConsoleCaller.Console console = boot(watch, vmId, params);
            ConsoleCaller.inGuest(console, STEP, "echo HB-ONE | dd of=/dev/vda bs=512 seek=0 conv=fsync 2>/dev/null;"
                    + " HBMARK=kept-in-memory");

            String top = volume(sd, image, base);
            api.ok("VM.snapshot", "vmID", vmId, "snapDrives", List.of(Map.of("domainID", sd, "imageID", image,
                    "volumeID", top, "baseVolumeID", base)), "snapMemory", handle);
            assertThat(virshOk(host.systemUri(), "domstate", name)).contains("running");
            Map<String, Object> saved = api.okMap("Volume.getInfo", "storagedomainID", sd, "imageID", memoryImage,
                    "volumeID", memory);
            assertThat(saved).containsEntry("legality", "LEGAL");
            assertThat(((Number) saved.get("capacity")).longValue()).as("the memory").isGreaterThan(1 << 20);
            ConsoleCaller.inGuest(console, STEP, "echo HB-TWO | dd of=/dev/vda bs=512 seek=0 conv=fsync 2>/dev/null;"
                    + " HBMARK=changed-after");
            console.ok();
            destroy(watch, vmId);

            // back to the snapshot: what the guest wrote since goes with the top, a new top over the base
            api.ok("Volume.delete", "storagedomainID", sd, "imageID", image, "volumeID", top);
            String again = volume(sd, image, base);
            Map<String, Object> restore = new java.util.LinkedHashMap<>(params);
            restore.put("drives", List.of(Map.of("domainID", sd, "imageID", image, "volumeID", again)));
            restore.put("restoreState", handle);
            api.ok("VM.create", "vmID", vmId, "vmParams", restore);
            awaitStatus(watch, vmId, "Up", BOOT);
            assertThat(virshOk(host.systemUri(), "domblklist", name)).containsPattern("vda\\s+"
                    + path(sd, image, again));
            ConsoleCaller.Console resumed = ConsoleCaller.inMemory(agent).open(vmId, false);
            assertThat(ConsoleCaller.inGuest(resumed, STEP, "echo mark=$HBMARK")).as("the shell's memory")
                    .contains("mark=kept-in-memory");
            assertThat(ConsoleCaller.inGuest(resumed, STEP,
                    "dd if=/dev/vda bs=512 count=1 iflag=direct 2>/dev/null | head -c 6; echo")).as("the disk then")
                    .contains("HB-ONE");
            resumed.ok();
            api.ok("VM.destroy", "vmID", vmId);
            awaitStatus(watch, vmId, "Down", STEP);
        }
    }

    /** Live storage migration: the drive copied to a volume of another domain while the guest writes, then switched. */
    @Test
    void aDriveIsReplicatedToAnotherDomainAndSwitchedLive() throws Exception {
        String sd = domain("source");
        String other = domain("destination");
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
            ConsoleCaller.Console console = boot(watch, vmId, params);
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
