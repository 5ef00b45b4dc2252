package io.hostbridge.tests;

import static io.hostbridge.tests.AllBindings.number;
import static io.hostbridge.tests.RealVmAgent.awaitStatus;
import static io.hostbridge.tests.RealVmHost.domstate;
import static io.hostbridge.tests.RealVmHost.virshOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.tests.ConformanceClients.EventWatch;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The VM verbs of an agent on the system libvirtd with real QEMU guests (the tiny guest, TCG), through the REST API:
 * create, pause, cont, statistics, a graceful shutdown the guest honours on its ACPI power button, a guest that
 * powers itself off, destroy, and a disk that is a storage volume. Each status change is seen as a {@code vm.status}
 * event on SSE and cross-checked with {@code virsh domstate} on the daemon.
 */
@Tag("realvm")
class RealVmLifecycleTest {
    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final Duration STEP = Duration.ofSeconds(30);

    @RegisterExtension
    @org.junit.jupiter.api.Order(1)
    static final RealVmHost host = new RealVmHost();

    @RegisterExtension
    @org.junit.jupiter.api.Order(2)
    static final AgentExtension agent = RealVmAgent.onSystemDaemon();

    private final RealVmAgent api = RealVmAgent.of(agent);

    /** Creates the tiny guest through the agent and waits for Powering up, then Up; returns its domain name. */
    private String createUp(EventWatch watch, String vmId, String purpose, String kernelArgs) throws Exception {
        String name = RealVmAgent.name(purpose, vmId);
        host.track(host.systemUri(), name);
        Map<String, Object> created = api.okMap("VM.create", "vmID", vmId, "vmParams",
                RealVmAgent.tinyGuest(host, vmId, name, kernelArgs));
        assertThat(created).containsEntry("status", "WaitForLaunch").containsEntry("domainType", "qemu");
        awaitStatus(watch, vmId, "Powering up", STEP);
        awaitStatus(watch, vmId, "Up", BOOT);
        assertThat(domstate(host.systemUri(), name)).isEqualTo("running (booted)");
        assertThat(api.info(vmId)).containsEntry("status", "Up");
        return name;
    }

    private long cpuTime(String vmId) throws Exception {
        Map<?, ?> stats = (Map<?, ?>) ((List<?>) api.ok("VM.getStats", "vmID", vmId)).get(0);
        assertThat(stats.get("status")).isEqualTo("Up");
        return number(stats.get("cpuTime"));
    }

    @Test
    void aGuestRunsPausesResumesAndShutsDownGracefullyOnRequest() throws Exception {
        String vmId = UUID.randomUUID().toString();
        try (EventWatch watch = api.watch("vm.status")) {
            String name = createUp(watch, vmId, "life", "hb.ticks=1");
            Map<String, Object> info = api.info(vmId);
            assertThat(info).containsEntry("kernelArgs", TinyGuest.kernelArgs("hb.ticks=1"));
            try (PtyConsole console = new PtyConsole((String) info.get("consolePath"))) {
                // a tick means /init is past watching the power button
                int tick = console.awaitTickAfter(0, BOOT);

                api.ok("VM.pause", "vmID", vmId); // returns once Paused
                awaitStatus(watch, vmId, "Paused", STEP);
                assertThat(domstate(host.systemUri(), name)).isEqualTo("paused (user)");
                assertThat(api.info(vmId)).containsEntry("status", "Paused");

                api.ok("VM.cont", "vmID", vmId);
                awaitStatus(watch, vmId, "Up", STEP);
                assertThat(domstate(host.systemUri(), name)).isEqualTo("running (unpaused)");
                console.awaitTickAfter(tick, STEP); // the guest goes on where it stopped

                long before = cpuTime(vmId);
                Poll.until(STEP, "cpuTime of VM " + vmId + " grows past " + before,
                        () -> cpuTime(vmId) > before ? true : null);

                api.ok("VM.shutdown", "vmID", vmId, "timeout", 60, "force", false);
                awaitStatus(watch, vmId, "Powering down", STEP);
                Map<String, Object> down = awaitStatus(watch, vmId, "Down", STEP);
                assertThat(down).containsEntry("exitReason", "AdminShutdown").containsEntry("exitCode", 0);
                console.await(TinyGuest.POWEROFF + " acpi", STEP); // the guest itself powered off
            }
            assertThat(domstate(host.systemUri(), name)).as("the transient domain is gone").isNull();
            Map<String, Object> info2 = api.info(vmId);
            assertThat(info2).containsEntry("status", "Down");
            assertThat(RealVmAgent.map(info2.get("exit"))).containsEntry("exitReason", "AdminShutdown");

            api.ok("VM.destroy", "vmID", vmId); // a Down VM is only forgotten
            assertThat(api.call("VM.getInfo", "vmID", vmId).code()).isEqualTo(1);
        }
    }

    @Test
    void aGuestThatPowersItselfOffIsDownWithUserShutdown() throws Exception {
        String vmId = UUID.randomUUID().toString();
        try (EventWatch watch = api.watch("vm.status")) {
            String name = createUp(watch, vmId, "selfoff", "hb.poweroff=1");
            Map<String, Object> down = awaitStatus(watch, vmId, "Down", BOOT);
            assertThat(down).containsEntry("exitReason", "UserShutdown").containsEntry("exitCode", 0);
            assertThat(domstate(host.systemUri(), name)).isNull();
            Map<String, Object> exit = RealVmAgent.map(api.info(vmId).get("exit"));
            assertThat(exit).containsEntry("exitReason", "UserShutdown");
            assertThat((String) exit.get("exitMessage")).contains("guest");
            api.ok("VM.destroy", "vmID", vmId);
        }
    }

    /** A new 16 MiB COW volume in a new domain; returns {domain, image, volume, path}. */
    private String[] volume() throws Exception {
        Path domainDir = host.qemuReadableDirectory();
        String sd = UUID.randomUUID().toString();
        String image = UUID.randomUUID().toString();
        String volume = UUID.randomUUID().toString();
        api.ok("StorageDomain.create", "storagedomainID", sd, "domainType", "localfs", "typeArgs",
                domainDir.toString(), "name", "realvm", "domainClass", "data");
        String job = (String) api.ok("Volume.create", "volumeID", volume, "storagedomainID", sd, "imageID", image,
                "size", 16 << 20, "volFormat", "COW", "preallocate", "SPARSE");
        Instant deadline = Instant.now().plus(STEP);
        while (!"done".equals(api.okMap("Job.getStatus", "jobID", job).get("status"))) {
            assertThat(Instant.now()).as("Volume.create job " + job + " done").isBefore(deadline);
            Thread.sleep(50); // a polling caller's interval
        }
        String path = (String) api.okMap("Volume.getInfo", "storagedomainID", sd, "imageID", image, "volumeID",
                volume).get("path");

        return new String[] {sd, image, volume, path};
    }

    @Test
    void aVmWithAStorageVolumeAsItsDiskRunsAndIsDestroyed() throws Exception {
        String[] v = volume();
        String sd = v[0];
        String image = v[1];
        String volume = v[2];
        String path = v[3];

        String vmId = UUID.randomUUID().toString();
        String name = RealVmAgent.name("disk", vmId);
        host.track(host.systemUri(), name);
        Map<String, Object> params = RealVmAgent.tinyGuest(host, vmId, name, "");
        params.put("drives", List.of(Map.of("domainID", sd, "imageID", image, "volumeID", volume)));
        try (EventWatch watch = api.watch("vm.status")) {
            api.ok("VM.create", "vmID", vmId, "vmParams", params);
            awaitStatus(watch, vmId, "Up", BOOT);
            assertThat(virshOk(host.systemUri(), "domblklist", name)).containsPattern("vda\\s+" + path);
            assertThat(virshOk(host.systemUri(), "dumpxml", name)).contains("<driver name='qemu' type='qcow2'/>");
            Map<?, ?> disk = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) ((List<?>) api.ok("VM.getStats", "vmID", vmId))
                    .get(0)).get("disks")).get("vda");
            assertThat(disk.get("path")).isEqualTo(path);
            // storage refuses to delete what a running VM uses
            assertThat(api.call("Volume.delete", "storagedomainID", sd, "imageID", image, "volumeID", volume)
                    .message()).contains(vmId);

            api.ok("VM.destroy", "vmID", vmId);
            Map<String, Object> down = awaitStatus(watch, vmId, "Down", STEP);
            assertThat(down).containsEntry("exitReason", "Destroyed");
            assertThat(domstate(host.systemUri(), name)).isNull();
            assertThat(api.call("VM.getInfo", "vmID", vmId).code()).isEqualTo(1);
        }
    }

    /**
     * VM.setIoTune and the CPU tune verbs as QEMU applies them (virsh blkdeviotune and schedinfo read them back);
     * VM.freeze without a guest agent fails.
     */
    @Test
    void ioLimitsReachQemuAndFreezeNeedsAGuestAgent() throws Exception {
        String[] v = volume();
        String vmId = UUID.randomUUID().toString();
        String name = RealVmAgent.name("tune", vmId);
        host.track(host.systemUri(), name);
        Map<String, Object> params = RealVmAgent.tinyGuest(host, vmId, name, "");
        params.put("drives", List.of(Map.of("domainID", v[0], "imageID", v[1], "volumeID", v[2])));
        try (EventWatch watch = api.watch("vm.status")) {
            api.ok("VM.create", "vmID", vmId, "vmParams", params);
            awaitStatus(watch, vmId, "Up", BOOT);
            api.ok("VM.setIoTune", "vmID", vmId, "tunables", List.of(Map.of("path", v[3], "ioTune",
                    Map.of("read_bytes_sec", 5_242_880, "write_iops_sec", 200))));
            String virsh = virshOk(host.systemUri(), "blkdeviotune", name, "vda");
            assertThat(virsh).containsPattern("read_bytes_sec\\s*:\\s*5242880").containsPattern(
                    "write_iops_sec\\s*:\\s*200").containsPattern("total_bytes_sec\\s*:\\s*0");
            Map<?, ?> tune = (Map<?, ?>) ((Map<?, ?>) ((List<?>) api.ok("VM.getIoTune", "vmID", vmId)).get(0))
                    .get("ioTune");
            assertThat(number(tune.get("read_bytes_sec"))).isEqualTo(5_242_880);
            assertThat(number(tune.get("write_iops_sec"))).isEqualTo(200);

            api.ok("VM.setCpuTunePeriod", "vmID", vmId, "period", 100_000);
            api.ok("VM.setCpuTuneQuota", "vmID", vmId, "quota", 50_000);
            assertThat(virshOk(host.systemUri(), "schedinfo", name)).containsPattern("vcpu_period\\s*:\\s*100000")
                    .containsPattern("vcpu_quota\\s*:\\s*50000");
            api.ok("VM.setCpuTuneQuota", "vmID", vmId, "quota", -1);
            assertThat(virshOk(host.systemUri(), "schedinfo", name)).containsPattern("vcpu_quota\\s*:\\s*-1");

            // a policy as VDSM's MOM would apply it: 25% of the host's CPUs over the period, shared by the vCPUs
            api.ok("VM.updateVmPolicy", "vmID", vmId, "params", Map.of("vcpuLimit", 25, "ioTune", List.of(Map.of(
                    "domainID", v[0], "imageID", v[1], "volumeID", v[2], "maximum", Map.of("total_iops_sec", 300),
                    "guaranteed", Map.of("total_iops_sec", 100)))));
            java.util.regex.Matcher cpus = java.util.regex.Pattern.compile("CPU\\(s\\):\\s*(\\d+)")
                    .matcher(virshOk(host.systemUri(), "nodeinfo"));
            assertThat(cpus.find()).isTrue();
            int vcpus = Integer.parseInt(virshOk(host.systemUri(), "vcpucount", name, "--live", "--active").strip());
            long quota = 100_000L * Integer.parseInt(cpus.group(1)) * 25 / 100 / vcpus;
            assertThat(virshOk(host.systemUri(), "schedinfo", name)).containsPattern("vcpu_quota\\s*:\\s*" + quota);
            assertThat(virshOk(host.systemUri(), "blkdeviotune", name, "vda")).containsPattern(
                    "total_iops_sec\\s*:\\s*300").containsPattern("read_bytes_sec\\s*:\\s*0");
            Map<?, ?> policy = (Map<?, ?>) ((List<?>) api.ok("VM.getIoTunePolicy", "vmID", vmId)).get(0);
            assertThat(policy.get("name")).isEqualTo("vda");
            assertThat(policy.get("path")).isEqualTo(v[3]);

            ConformanceClients.Reply frozen = api.call("VM.freeze", "vmID", vmId);
            assertThat(frozen.code()).isEqualTo(100);
            assertThat(frozen.message()).contains("freeze").doesNotContain("qemu-agent", "/");
            assertThat(domstate(host.systemUri(), name)).startsWith("running");

            api.ok("VM.destroy", "vmID", vmId);
            awaitStatus(watch, vmId, "Down", STEP);
        }
    }

    /** Host.registerSecrets and unregisterSecrets on the system daemon, as virsh sees its secrets. */
    @Test
    void secretsAreRegisteredPrivateAndClearedOnlyIfOurs() throws Exception {
        String one = UUID.randomUUID().toString();
        String two = UUID.randomUUID().toString();
        String foreign = UUID.randomUUID().toString();
        java.nio.file.Path xml = java.nio.file.Files.createTempFile("secret", ".xml");
        java.nio.file.Files.writeString(xml, "<secret ephemeral='no' private='yes'><uuid>" + foreign
                + "</uuid><usage type='ceph'><name>someone-else</name></usage></secret>");
        virshOk(host.systemUri(), "secret-define", xml.toString());
        try {
            String value = java.util.Base64.getEncoder().encodeToString("s3cr3t-value".getBytes());
            api.ok("Host.registerSecrets", "secrets", List.of(
                    Map.of("uuid", one, "usageType", "ceph", "usageID", "client.one", "password", value),
                    Map.of("uuid", two, "usageType", "ceph", "usageID", "client.two", "password", value,
                            "description", "two")));
            assertThat(virshOk(host.systemUri(), "secret-list")).contains(one, two, foreign);
            Shell.Result read = Shell.run(List.of("virsh", "-c", host.systemUri(), "secret-get-value", one), 30);
            assertThat(read.exit()).as("a private secret's value cannot be read back").isNotZero();
            assertThat(read.out()).doesNotContain(value);

            api.ok("Host.registerSecrets", "secrets", List.of(Map.of("uuid", two, "usageType", "ceph", "usageID",
                    "client.two", "password", value)), "clear", true);
            String listed = virshOk(host.systemUri(), "secret-list");
            assertThat(listed).contains(two, foreign).doesNotContain(one);
            api.ok("Host.unregisterSecrets", "uuids", List.of(two, one));
            assertThat(virshOk(host.systemUri(), "secret-list")).doesNotContain(two).contains(foreign);
        } finally {
            Shell.run(List.of("virsh", "-c", host.systemUri(), "secret-undefine", foreign), 30);
            Shell.run(List.of("virsh", "-c", host.systemUri(), "secret-undefine", one), 30);
            Shell.run(List.of("virsh", "-c", host.systemUri(), "secret-undefine", two), 30);
        }
    }

    /**
     * VM.getExternalData of a guest booted with UEFI firmware and a TPM: its UEFI variables as libvirt keeps them
     * (bzip2, as VDSM encodes them), its TPM's state files as a tar; with lastHash, only the hash.
     */
    @Test
    void externalDataOfAnEfiGuestWithATpm() throws Exception {
        String vmId = UUID.randomUUID().toString();
        String name = RealVmAgent.name("efi", vmId);
        host.track(host.systemUri(), name);
        Map<String, Object> params = RealVmAgent.tinyGuest(host, vmId, name, "hb.ticks=1");
        params.put("firmware", "efi");
        params.put("tpm", true);
        params.put("memSize", 256); // OVMF and the kernel do not boot in 128 MiB
        try (EventWatch watch = api.watch("vm.status")) {
            api.ok("VM.create", "vmID", vmId, "vmParams", params);
            awaitStatus(watch, vmId, "Up", BOOT);
            try (PtyConsole console = new PtyConsole((String) api.info(vmId).get("consolePath"))) {
                console.awaitTickAfter(1, BOOT); // UEFI booted the kernel
            }
            Map<String, Object> nvram = api.okMap("VM.getExternalData", "vmID", vmId, "kind", "nvram");
            String encoded = (String) nvram.get("_X_data");
            assertThat(encoded).startsWith("=0=");
            byte[] variables;
            try (var in = new org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream(
                    new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(encoded.substring(3))))) {
                variables = in.readAllBytes();
            }
            Path file = Path.of("/var/lib/libvirt/qemu/nvram/" + name + "_VARS.fd");
            assertThat(variables).isEqualTo(java.nio.file.Files.readAllBytes(file));
            Map<String, Object> same = api.okMap("VM.getExternalData", "vmID", vmId, "kind", "nvram", "lastHash",
                    nvram.get("hash"));
            assertThat(same).containsEntry("hash", nvram.get("hash")).doesNotContainKey("_X_data");

            Map<String, Object> tpm = api.okMap("VM.getExternalData", "vmID", vmId, "kind", "tpm");
            java.util.List<String> names = new java.util.ArrayList<>();
            try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                    new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode((String) tpm.get(
                            "_X_data"))))) {
                for (var e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                    names.add(e.getName());
                }
            }
            assertThat(names).contains("tpm2-00.permall");
            assertThat(api.call("VM.getExternalData", "vmID", vmId, "kind", "floppy").code()).isEqualTo(5002);

            api.ok("VM.destroy", "vmID", vmId);
            awaitStatus(watch, vmId, "Down", STEP);
        }
    }

    /** VM.hibernate into a volume, then VM.create with restoreState: the guest goes on counting, it did not boot. */
    @Test
    void aHibernatedGuestResumesWhereItStopped() throws Exception {
        String sd = UUID.randomUUID().toString();
        api.ok("StorageDomain.create", "storagedomainID", sd, "domainType", "localfs", "typeArgs",
                host.qemuReadableDirectory().toString(), "name", "memory", "domainClass", "data");
        String image = UUID.randomUUID().toString();
        String memory = UUID.randomUUID().toString();
        String job = (String) api.ok("Volume.create", "volumeID", memory, "storagedomainID", sd, "imageID", image,
                "size", 1 << 20, "volFormat", "RAW", "preallocate", "SPARSE");
        Poll.until(STEP, "Volume.create job " + job, () -> "done".equals(api.okMap("Job.getStatus", "jobID", job)
                .get("status")) ? true : null);
        String handle = sd + ",00000000-0000-0000-0000-000000000000," + image + "," + memory;

        String vmId = UUID.randomUUID().toString();
        String name = RealVmAgent.name("hiber", vmId);
        host.track(host.systemUri(), name);
        Map<String, Object> params = RealVmAgent.tinyGuest(host, vmId, name, "hb.ticks=1");
        try (EventWatch watch = api.watch("vm.status")) {
            api.ok("VM.create", "vmID", vmId, "vmParams", params);
            awaitStatus(watch, vmId, "Up", BOOT);
            int before;
            try (PtyConsole console = new PtyConsole((String) api.info(vmId).get("consolePath"))) {
                before = console.awaitTickAfter(2, BOOT);
            }
            api.ok("VM.hibernate", "vmID", vmId, "hibernationVolHandle", handle);
            Map<String, Object> down = awaitStatus(watch, vmId, "Down", STEP);
            assertThat(down).containsEntry("exitReason", "SaveState");
            assertThat(domstate(host.systemUri(), name)).isNull();
            Map<String, Object> volume = api.okMap("Volume.getInfo", "storagedomainID", sd, "imageID", image,
                    "volumeID", memory);
            assertThat(volume).containsEntry("legality", "LEGAL");
            assertThat(number(volume.get("capacity"))).as("the saved state").isGreaterThan(1 << 20);
            api.ok("VM.destroy", "vmID", vmId); // a Down VM is forgotten

            Map<String, Object> again = new java.util.LinkedHashMap<>(params);
            again.put("restoreState", handle);
            api.ok("VM.create", "vmID", vmId, "vmParams", again);
            awaitStatus(watch, vmId, "Up", BOOT);
            try (PtyConsole console = new PtyConsole((String) api.info(vmId).get("consolePath"))) {
                int after = console.awaitTickAfter(before, STEP);
                assertThat(after).as("the counter goes on").isGreaterThan(before);
                assertThat(console.text()).as("no new boot").doesNotContain(TinyGuest.UP);
            }
            api.ok("VM.destroy", "vmID", vmId);
            awaitStatus(watch, vmId, "Down", STEP);

            // a volume that holds no state of this VM is refused
            String other = UUID.randomUUID().toString();
            Map<String, Object> wrong = new java.util.LinkedHashMap<>(RealVmAgent.tinyGuest(host, other,
                    RealVmAgent.name("wrong", other), ""));
            wrong.put("restoreState", handle);
            api.ok("VM.create", "vmID", other, "vmParams", wrong);
            Map<String, Object> failed = awaitStatus(watch, other, "Down", STEP);
            assertThat(failed).containsEntry("exitReason", "LaunchFailed");
            api.ok("VM.destroy", "vmID", other);
        }
    }
}
