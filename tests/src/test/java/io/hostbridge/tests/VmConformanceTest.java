package io.hostbridge.tests;

import static io.hostbridge.tests.AllBindings.number;
import static io.hostbridge.tests.ConformanceClients.list;
import static io.hostbridge.tests.ConformanceClients.ordered;
import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.tests.ConformanceClients.Client;
import io.hostbridge.tests.ConformanceClients.EventWatch;
import io.hostbridge.tests.ConformanceClients.ReceivedEvent;
import io.hostbridge.tests.ConformanceClients.Reply;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The VM verbs and the Host VM verbs through every binding (REST, JSON-RPC over HTTP, XML-RPC, AMQP) on libvirt's
 * test driver: the same scenario, the same error codes and parameter names, vm.status events on each binding's
 * event channel (SSE, AMQP, polling).
 */
class VmConformanceTest {
    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(15);

    @RegisterExtension
    static final AllBindings agent = new AllBindings(Map.of());

    static Stream<String> bindings() {
        return AllBindings.callers();
    }

    private static Map<String, Object> vmParams(String name) throws java.io.IOException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("vmName", name);
        p.put("memSize", 128);
        p.put("smp", 2);
        p.put("drives", list(Map.of("path", agent.agent().disk(name + ".img").toString(), "format", "raw")));
        p.put("nics", list(Map.of("type", "user")));
        p.put("custom", Map.of("suite", "conformance"));
        return p;
    }

    private static ReceivedEvent status(EventWatch watch, String vmId, String status) throws Exception {
        return watch.next(e -> vmId.equals(((Map<?, ?>) e.payload()).get("vmId"))
                && status.equals(((Map<?, ?>) e.payload()).get("status")), EVENT_TIMEOUT);
    }

    /** Creates the VM and waits for its Up event. */
    private static void createUp(Client client, String id, String name) throws Exception {
        try (EventWatch watch = client.watch("vm.status")) {
            ok(client.call("VM.create", ordered("vmID", id, "vmParams", vmParams(name))));
            status(watch, id, "Up");
        }
    }

    private static Reply ok(Reply reply) {
        assertThat(reply.ok()).as(reply.toString()).isTrue();
        return reply;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    @SuppressWarnings("unchecked")
    void aVmLivesThroughEveryVerbWithItsStatusEvents(String binding) throws Exception {
        Client client = agent.client(binding);
        String id = UUID.randomUUID().toString();
        String name = binding + "-" + id.substring(0, 8);
        try (EventWatch watch = client.watch("vm.status")) {
            Map<String, Object> created = ok(client.call("VM.create", ordered("vmID", id, "vmParams", vmParams(name))))
                    .map();
            assertThat(created).containsEntry("vmId", id).containsEntry("status", "WaitForLaunch");
            status(watch, id, "Powering up");
            ReceivedEvent up = status(watch, id, "Up");
            assertThat(up.hostId()).isEqualTo(agent.hostId());

            Map<String, Object> info = ok(client.call("VM.getInfo", ordered("vmID", id))).map();
            assertThat(info).containsEntry("vmName", name).containsEntry("status", "Up")
                    .containsEntry("domainType", "test");
            assertThat(number(info.get("memSize"))).isEqualTo(128);
            assertThat(info.get("custom")).isEqualTo(Map.of("suite", "conformance"));

            Map<?, ?> stats = (Map<?, ?>) ((List<?>) ok(client.call("VM.getStats", ordered("vmID", id))).result())
                    .get(0);
            assertThat(stats.get("status")).isEqualTo("Up");
            assertThat(number(stats.get("vcpuCount"))).isEqualTo(2);
            assertThat(number(stats.get("cpuTime"))).isPositive();
            assertThat(((Map<?, ?>) stats.get("disks")).containsKey("vda")).as("disk vda in " + stats).isTrue();

            List<Object> all = (List<Object>) ok(client.call("Host.getAllVmStats", Map.of())).result();
            assertThat(all).anySatisfy(s -> assertThat(((Map<?, ?>) s).get("vmId")).isEqualTo(id));
            List<Object> ids = (List<Object>) ok(client.call("Host.getVMList", ordered("fullStatus", false, "vmList", list(id),
                    "onlyUUID", true))).result();
            assertThat(ids).containsExactly(id);
            List<Object> summaries = (List<Object>) ok(client.call("Host.getVMList", Map.of())).result();
            assertThat(summaries).contains(Map.of("vmId", id, "status", "Up"));
            List<?> full = (List<?>) ok(client.call("Host.getVMFullList", ordered("vmList", list(id)))).result();
            assertThat(full).singleElement().satisfies(v -> assertThat(((Map<?, ?>) v).get("vmName")).isEqualTo(name));
            Map<String, Object> host = ok(client.call("Host.getStats", Map.of())).map();
            assertThat(number(host.get("vmCount"))).isPositive();

            ok(client.call("VM.pause", ordered("vmID", id)));
            status(watch, id, "Paused");
            ok(client.call("VM.cont", ordered("vmID", id)));
            status(watch, id, "Up");
            ok(client.call("VM.reset", ordered("vmID", id)));
            Map<String, Object> migration = ok(client.call("VM.getMigrationStatus", ordered("vmID", id))).map();
            assertThat(migration).containsEntry("status", "none");

            ok(client.call("VM.shutdown", ordered("vmID", id, "delay", 0, "message", "bye", "reboot", false,
                    "timeout", 30, "force", true)));
            Map<?, ?> down = (Map<?, ?>) status(watch, id, "Down").payload();
            assertThat(number(down.get("exitCode"))).isZero();
            assertThat(down.get("exitReason")).isEqualTo("AdminShutdown");
            Map<?, ?> exit = (Map<?, ?>) ok(client.call("VM.getInfo", ordered("vmID", id))).map().get("exit");
            assertThat(exit.get("exitReason")).isEqualTo("AdminShutdown");

            ok(client.call("VM.destroy", ordered("vmID", id)));
            assertThat(client.call("VM.getInfo", ordered("vmID", id)).code()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    @SuppressWarnings("unchecked")
    void aRunningVmIsTunedFrozenAndDescribed(String binding) throws Exception {
        Client client = agent.client(binding);
        String id = UUID.randomUUID().toString();
        String name = "tune-" + binding + "-" + id.substring(0, 8);
        createUp(client, id, name);
        try {
            ok(client.call("VM.setBalloonTarget", ordered("vmID", id, "target", 65536)));
            Map<?, ?> stats = (Map<?, ?>) ((List<?>) ok(client.call("VM.getStats", ordered("vmID", id))).result())
                    .get(0);
            assertThat(number(stats.get("balloonCurrent"))).isEqualTo(65536);
            Reply tooMuch = client.call("VM.setBalloonTarget", ordered("vmID", id, "target", 129 * 1024));
            assertThat(tooMuch.code()).isEqualTo(5002);
            assertThat(tooMuch.message()).contains("target");

            Map<String, Object> info = ok(client.call("VM.setNumberOfCpus", ordered("vmID", id, "numberOfCpus", 1)))
                    .map();
            assertThat(info).containsEntry("vmId", id);
            stats = (Map<?, ?>) ((List<?>) ok(client.call("VM.getStats", ordered("vmID", id))).result()).get(0);
            assertThat(number(stats.get("vcpuCount"))).isEqualTo(1);
            assertThat(client.call("VM.setNumberOfCpus", ordered("vmID", id, "numberOfCpus", 3)).code())
                    .isEqualTo(5002);

            ok(client.call("VM.setIoTune", ordered("vmID", id, "tunables", list(ordered("name", "vda", "ioTune",
                    ordered("total_bytes_sec", 10_485_760, "read_iops_sec", 500))))));
            List<Object> tunes = (List<Object>) ok(client.call("VM.getIoTune", ordered("vmID", id))).result();
            assertThat(tunes).singleElement().satisfies(t -> {
                Map<String, Object> tune = (Map<String, Object>) t;
                assertThat(tune).containsEntry("name", "vda");
                Map<?, ?> limits = (Map<?, ?>) tune.get("ioTune");
                assertThat(number(limits.get("total_bytes_sec"))).isEqualTo(10_485_760);
                assertThat(number(limits.get("read_iops_sec"))).isEqualTo(500);
                assertThat(number(limits.get("write_iops_sec"))).isZero();
            });
            Reply noDisk = client.call("VM.setIoTune", ordered("vmID", id, "tunables", list(ordered("name", "vdz",
                    "ioTune", ordered("total_iops_sec", 1)))));
            assertThat(noDisk.code()).isEqualTo(5002);
            assertThat(noDisk.message()).contains("tunables[0]", "vdz");
            Reply both = client.call("VM.setIoTune", ordered("vmID", id, "tunables", list(ordered("name", "vda",
                    "ioTune", ordered("total_iops_sec", 1, "read_iops_sec", 1)))));
            assertThat(both.code()).isEqualTo(5002);

            Reply tooSmall = client.call("VM.setCpuTuneQuota", ordered("vmID", id, "quota", 500));
            assertThat(tooSmall.code()).isEqualTo(5002);
            assertThat(tooSmall.message()).contains("quota");
            // the test driver has no vCPU bandwidth (RealVmLifecycleTest sets it on QEMU)
            assertThat(client.call("VM.setCpuTunePeriod", ordered("vmID", id, "period", 100_000)).code())
                    .isEqualTo(100);

            ok(client.call("VM.setDestroyOnReboot", ordered("vmID", id)));
            ok(client.call("VM.freeze", ordered("vmID", id)));
            ok(client.call("VM.thaw", ordered("vmID", id)));

            Map<String, Object> xmls = ok(client.call("Host.dumpxmls", ordered("vmList", list(id)))).map();
            assertThat(xmls).containsOnlyKeys(id);
            assertThat((String) xmls.get(id)).contains("<uuid>" + id + "</uuid>", "<name>" + name + "</name>");
            assertThat(client.call("Host.dumpxmls", ordered("vmList", list(UUID.randomUUID().toString()))).code())
                    .isEqualTo(1);
        } finally {
            ok(client.call("VM.destroy", ordered("vmID", id)));
        }
        assertThat(client.call("VM.freeze", ordered("vmID", id)).code()).isEqualTo(1);
    }

    /**
     * The hotplug verbs' checks on every binding. libvirt's test driver cannot attach devices: the call is refused
     * with 100 and the VM keeps its devices (RealVmDevicesTest plugs them into a real guest).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void hotplugChecksItsParametersAndKeepsTheVmWhenLibvirtRefuses(String binding) throws Exception {
        Client client = agent.client(binding);
        String id = UUID.randomUUID().toString();
        String name = "plug-" + binding + "-" + id.substring(0, 8);
        createUp(client, id, name);
        try {
            String disk = agent.agent().disk(name + "-extra.img").toString();
            Reply other = client.call("VM.hotplugDisk", ordered("vmID", id, "params", ordered("vmId",
                    UUID.randomUUID().toString(), "drive", ordered("path", disk))));
            assertThat(other.code()).isEqualTo(5002);
            assertThat(other.message()).contains("params.vmId");
            Reply badName = client.call("VM.hotplugDisk", ordered("vmID", id, "params", ordered("drive",
                    ordered("path", disk, "name", "sdb"))));
            assertThat(badName.code()).isEqualTo(5002);
            assertThat(badName.message()).contains("name");
            Reply taken = client.call("VM.hotplugDisk", ordered("vmID", id, "params", ordered("drive",
                    ordered("path", disk, "name", "vda"))));
            assertThat(taken.code()).isEqualTo(5002);
            assertThat(taken.message()).contains("vda");
            Reply refused = client.call("VM.hotplugDisk", ordered("vmID", id, "params", ordered("drive",
                    ordered("path", disk))));
            assertThat(refused.code()).as(refused.toString()).isEqualTo(100);
            assertThat(refused.message()).contains("hotplugDisk").doesNotContain(disk);
            Map<String, Object> info = ok(client.call("VM.getInfo", ordered("vmID", id))).map();
            assertThat((List<?>) info.get("drives")).hasSize(1);
            Reply noMac = client.call("VM.hotunplugNic", ordered("vmID", id, "params", ordered("nic",
                    ordered("type", "user"))));
            assertThat(noMac.code()).isEqualTo(5002);
            assertThat(noMac.message()).contains("params.nic.macAddr");
            Reply noDrive = client.call("VM.hotunplugDisk", ordered("vmID", id, "params", ordered("drive",
                    ordered("path", disk))));
            assertThat(noDrive.code()).isEqualTo(5002);
            assertThat(noDrive.message()).contains("no such drive");
            assertThat(client.call("VM.hotplugNic", ordered("vmID", UUID.randomUUID().toString(), "params",
                    ordered("nic", ordered("type", "user")))).code()).isEqualTo(1);

            Reply noMigration = client.call("VM.migrateChangeParams", ordered("vmID", id, "params",
                    ordered("maxBandwidth", 10)));
            assertThat(noMigration.code()).isEqualTo(5002);
            assertThat(noMigration.message()).contains("no outgoing migration");
            String mac = (String) ((Map<?, ?>) ((List<?>) ok(client.call("VM.getInfo", ordered("vmID", id))).map()
                    .get("nics")).get(0)).get("macAddr");
            assertThat(client.call("VM.updateDevice", ordered("vmID", id, "params", ordered("deviceType", "graphics",
                    "macAddr", mac, "linkActive", false))).code()).isEqualTo(5002);
            Reply userNetwork = client.call("VM.updateDevice", ordered("vmID", id, "params", ordered("deviceType",
                    "interface", "macAddr", mac, "network", "br0")));
            assertThat(userNetwork.code()).isEqualTo(5002);
            assertThat(userNetwork.message()).contains("params.network");
            assertThat(client.call("VM.updateDevice", ordered("vmID", id, "params", ordered("deviceType", "disk",
                    "driveSpec", ordered("path", ""))))).satisfies(r -> assertThat(r.message()).contains("no CD-ROM"));
            assertThat(client.call("VM.updateDevice", ordered("vmID", id, "params", ordered("deviceType",
                    "interface", "macAddr", "52:54:00:ff:ff:ff", "linkActive", false))).code()).isEqualTo(5002);
            assertThat(client.call("VM.updateDevice", ordered("vmID", id, "params", ordered("deviceType",
                    "interface", "macAddr", mac, "linkActive", false))).code()).as("the test driver").isEqualTo(100);

            // the display, CD-ROM and snapshot verbs check what they can before libvirt is asked
            Reply noDisplay = client.call("VM.setTicket", ordered("vmID", id, "password", "secret-1", "ttl", 60));
            assertThat(noDisplay.code()).isEqualTo(5002);
            assertThat(noDisplay.message()).contains("graphical console").doesNotContain("secret-1");
            Reply noCdrom = client.call("VM.changeCD", ordered("vmID", id, "driveSpec", ordered("path", "")));
            assertThat(noCdrom.code()).isEqualTo(5002);
            assertThat(noCdrom.message()).contains("no CD-ROM");
            Reply noRoom = client.call("VM.hotplugMemory", ordered("vmID", id, "params", ordered("memory",
                    ordered("size", 256))));
            assertThat(noRoom.code()).isEqualTo(5002);
            assertThat(noRoom.message()).contains("maxMemSize");
            Reply oddSize = client.call("VM.hotplugMemory", ordered("vmID", id, "params", ordered("memory",
                    ordered("size", 200))));
            assertThat(oddSize.code()).isEqualTo(5002);
            assertThat(oddSize.message()).contains("params.memory.size");
            Reply noModule = client.call("VM.hotunplugMemory", ordered("vmID", id, "params", ordered("memory",
                    ordered("size", 128, "alias", "dimm7"))));
            assertThat(noModule.code()).as(noModule.toString()).isEqualTo(5002);
            assertThat(noModule.message()).contains("dimm7");
            Reply noFloppy = client.call("VM.changeFloppy", ordered("vmID", id, "driveSpec", ordered("path", "")));
            assertThat(noFloppy.code()).isEqualTo(5002);
            assertThat(noFloppy.message()).contains("no floppy drive");
            Reply floppyBus = client.call("VM.hotplugDisk", ordered("vmID", id, "params", ordered("drive",
                    ordered("path", disk, "iface", "fdc"))));
            assertThat(floppyBus.code()).isEqualTo(5002);
            assertThat(floppyBus.message()).contains("fdc");
            String volume = UUID.randomUUID().toString();
            Reply memory = client.call("VM.snapshot", ordered("vmID", id, "snapDrives", list(ordered("domainID",
                    volume, "imageID", volume, "volumeID", volume, "baseVolumeID", volume)), "snapMemory", "x"));
            assertThat(memory.code()).isEqualTo(5002);
            assertThat(memory.message()).contains("snapMemory");
            Reply badHandle = client.call("VM.hibernate", ordered("vmID", id, "hibernationVolHandle", "not,a,handle"));
            assertThat(badHandle.code()).isEqualTo(5002);
            assertThat(badHandle.message()).contains("hibernationVolHandle");
            Map<String, Object> restore = vmParams("restore-" + binding);
            restore.put("restoreState", "x");
            Reply badRestore = client.call("VM.create", ordered("vmID", UUID.randomUUID().toString(), "vmParams",
                    restore));
            assertThat(badRestore.code()).isEqualTo(5002);
            assertThat(badRestore.message()).contains("restoreState");
            Reply noReplica = client.call("VM.diskReplicateFinish", ordered("vmID", id, "srcDisk", ordered("domainID",
                    volume, "imageID", volume, "volumeID", volume), "dstDisk", ordered("domainID", volume, "imageID",
                    volume, "volumeID", volume)));
            assertThat(noReplica.code()).as(noReplica.toString()).isIn(358, 5002);
            Reply noVolume = client.call("VM.diskSizeExtend", ordered("vmID", id, "driveSpecs", ordered("domainID",
                    volume, "imageID", volume, "volumeID", volume), "newSize", 1 << 30));
            assertThat(noVolume.code()).as(noVolume.toString()).isIn(358, 5002);
            Reply noSource = client.call("VM.diskReplicateStart", ordered("vmID", id, "srcDisk", ordered("domainID",
                    volume, "imageID", volume, "volumeID", volume), "dstDisk", ordered("domainID", volume, "imageID",
                    volume, "volumeID", volume)));
            assertThat(noSource.code()).as(noSource.toString()).isIn(358, 5002);
            Reply internal = client.call("VM.merge", ordered("vmID", id, "drive", ordered("domainID", volume,
                    "imageID", volume, "volumeID", volume), "baseVolUUID", volume, "topVolUUID",
                    UUID.randomUUID().toString()));
            assertThat(internal.code()).as(internal.toString()).isIn(358, 5002);
        } finally {
            ok(client.call("VM.destroy", ordered("vmID", id)));
        }
    }

    /**
     * The backup verbs on every binding: their parameter checks and errors, and the checkpoint verbs on the test
     * driver's (empty) checkpoints; the test driver has no backups (RealVmBackupTest runs the whole flow).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void backupAndCheckpointVerbsCheckTheirParameters(String binding) throws Exception {
        Client client = agent.client(binding);
        String id = UUID.randomUUID().toString();
        createUp(client, id, "backup-" + binding + "-" + id.substring(0, 8));
        try {
            String volume = UUID.randomUUID().toString();
            String backup = UUID.randomUUID().toString();
            Reply noDisks = client.call("VM.start_backup", ordered("vmID", id, "config", ordered("backup_id", backup,
                    "disks", list())));
            assertThat(noDisks.code()).isEqualTo(5002);
            assertThat(noDisks.message()).contains("config.disks");
            Reply noFrom = client.call("VM.start_backup", ordered("vmID", id, "config", ordered("backup_id", backup,
                    "disks", list(ordered("domainID", volume, "imageID", volume, "volumeID", volume, "backup_mode",
                            "incremental")))));
            assertThat(noFrom.code()).isEqualTo(5002);
            assertThat(noFrom.message()).contains("backup_mode", "from_checkpoint_id");
            Reply scratch = client.call("VM.start_backup", ordered("vmID", id, "config", ordered("backup_id", backup,
                    "disks", list(ordered("domainID", volume, "imageID", volume, "volumeID", volume, "scratch_disk",
                            ordered("path", "/etc/shadow", "type", "file"))))));
            assertThat(scratch.code()).isEqualTo(5002);
            assertThat(scratch.message()).contains("scratch_disk").doesNotContain("/etc/shadow");
            Reply noVolume = client.call("VM.start_backup", ordered("vmID", id, "config", ordered("backup_id",
                    backup, "disks", list(ordered("domainID", volume, "imageID", volume, "volumeID", volume)))));
            assertThat(noVolume.code()).as(noVolume.toString()).isIn(358, 1600);
            assertThat(client.call("VM.backup_info", ordered("vmID", id, "backup_id", backup)).code())
                    .isEqualTo(1601);
            ok(client.call("VM.stop_backup", ordered("vmID", id, "backup_id", backup)));

            assertThat(ok(client.call("VM.list_checkpoints", ordered("vmID", id))).result()).isEqualTo(list());
            Reply noCheckpoint = client.call("VM.dump_checkpoint", ordered("vmID", id, "checkpoint_id", volume));
            assertThat(noCheckpoint.code()).isEqualTo(1611);
            assertThat(noCheckpoint.message()).contains(volume);
            assertThat(ok(client.call("VM.delete_checkpoints", ordered("vmID", id, "checkpoint_ids",
                    list(volume)))).map()).isEqualTo(Map.of("checkpoint_ids", list(volume)));
            Reply withDomain = client.call("VM.redefine_checkpoints", ordered("vmID", id, "checkpoints",
                    list(ordered("id", volume, "xml", "<domaincheckpoint><name>" + volume + "</name><domain type="
                            + "'kvm'/></domaincheckpoint>"))));
            assertThat(withDomain.code()).isEqualTo(5002);
            assertThat(withDomain.message()).contains("checkpoints[0].xml", "domain");
            Reply otherName = client.call("VM.redefine_checkpoints", ordered("vmID", id, "checkpoints",
                    list(ordered("id", volume, "xml", "<domaincheckpoint><name>other</name></domaincheckpoint>"))));
            assertThat(otherName.code()).isEqualTo(5002);
            assertThat(otherName.message()).contains("checkpoint's id");
            assertThat(client.call("VM.redefine_checkpoints", ordered("vmID", id, "checkpoints",
                    list(ordered("id", volume)))).code()).as("neither xml nor config").isEqualTo(5002);
            assertThat(client.call("VM.list_checkpoints", ordered("vmID", UUID.randomUUID().toString())).code())
                    .isEqualTo(1);
        } finally {
            ok(client.call("VM.destroy", ordered("vmID", id)));
        }
    }

    /** VM.updateVmPolicy applies and keeps a policy; VM.getIoTunePolicy and Host.getAllVmIoTunePolicies read it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void aPolicyIsAppliedKeptAndReported(String binding) throws Exception {
        Client client = agent.client(binding);
        String id = UUID.randomUUID().toString();
        createUp(client, id, "policy-" + binding + "-" + id.substring(0, 8));
        try {
            assertThat(ok(client.call("VM.getIoTunePolicy", ordered("vmID", id))).result()).isEqualTo(list());
            ok(client.call("VM.updateVmPolicy", ordered("vmID", id, "params", ordered("ioTune",
                    list(ordered("name", "vda", "maximum", ordered("total_bytes_sec", 1_000_000), "guaranteed",
                            ordered("total_bytes_sec", 100_000)))))));
            Reply noQuota = client.call("VM.updateVmPolicy", ordered("vmID", id, "params", ordered("vcpuLimit", 50)));
            assertThat(noQuota.code()).as("the test driver has no vCPU quota (RealVmLifecycleTest)").isEqualTo(63);
            List<?> policy = (List<?>) ok(client.call("VM.getIoTunePolicy", ordered("vmID", id))).result();
            Map<?, ?> vda = (Map<?, ?>) policy.get(0);
            assertThat(vda.get("name")).isEqualTo("vda");
            assertThat((String) vda.get("path")).endsWith(".img");
            assertThat(number(((Map<?, ?>) vda.get("maximum")).get("total_bytes_sec"))).isEqualTo(1_000_000);
            assertThat(number(((Map<?, ?>) vda.get("guaranteed")).get("total_bytes_sec"))).isEqualTo(100_000);
            Map<?, ?> tune = (Map<?, ?>) ((List<?>) ok(client.call("VM.getIoTune", ordered("vmID", id))).result())
                    .get(0);
            assertThat(number(((Map<?, ?>) tune.get("ioTune")).get("total_bytes_sec"))).as("applied")
                    .isEqualTo(1_000_000);
            // an update of the guaranteed part keeps the maximum
            ok(client.call("VM.updateVmPolicy", ordered("vmID", id, "params", ordered("ioTune", list(ordered("name",
                    "vda", "guaranteed", ordered("total_bytes_sec", 200_000)))))));
            Map<?, ?> all = ok(client.call("Host.getAllVmIoTunePolicies", ordered())).map();
            Map<?, ?> mine = (Map<?, ?>) all.get(id);
            Map<?, ?> kept = (Map<?, ?>) ((List<?>) mine.get("policy")).get(0);
            assertThat(number(((Map<?, ?>) kept.get("maximum")).get("total_bytes_sec"))).isEqualTo(1_000_000);
            assertThat(number(((Map<?, ?>) kept.get("guaranteed")).get("total_bytes_sec"))).isEqualTo(200_000);
            assertThat((List<?>) mine.get("current_values")).hasSize(1);

            Reply empty = client.call("VM.updateVmPolicy", ordered("vmID", id, "params", ordered()));
            assertThat(empty.code()).isEqualTo(11);
            Reply noDisk = client.call("VM.updateVmPolicy", ordered("vmID", id, "params", ordered("ioTune",
                    list(ordered("name", "vdz", "maximum", ordered("total_iops_sec", 10))))));
            assertThat(noDisk.code()).isEqualTo(5002);
            assertThat(noDisk.message()).contains("params.ioTune[0]");
            assertThat(client.call("VM.updateVmPolicy", ordered("vmID", id, "params", ordered("vcpuLimit", 0)))
                    .code()).isEqualTo(5002);
            String volume = UUID.randomUUID().toString();
            Reply refresh = client.call("VM.refresh_disk", ordered("vmID", id, "drive", ordered("domainID", volume,
                    "imageID", volume, "volumeID", volume)));
            assertThat(refresh.code()).as(refresh.toString()).isIn(358, 5002);
            for (String kind : List.of("tpm", "nvram")) {
                Reply none = client.call("VM.getExternalData", ordered("vmID", id, "kind", kind));
                assertThat(none.code()).as(none.toString()).isEqualTo(89);
                assertThat(none.message()).contains(kind.equals("tpm") ? "no TPM state" : "no UEFI variables");
            }
        } finally {
            ok(client.call("VM.destroy", ordered("vmID", id)));
        }
    }

    /** Secrets' checks on every binding; the test driver has no secrets (RealVmLifecycleTest registers them). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void secretsAreCheckedAndNeverEchoed(String binding) throws Exception {
        Client client = agent.client(binding);
        String uuid = UUID.randomUUID().toString();
        Reply notBase64 = client.call("Host.registerSecrets", ordered("secrets", list(ordered("uuid", uuid,
                "usageType", "ceph", "usageID", "client.x", "password", "not base64 %%"))));
        assertThat(notBase64.code()).isEqualTo(5002);
        assertThat(notBase64.message()).contains("password").doesNotContain("not base64 %%");
        Reply refused = client.call("Host.registerSecrets", ordered("secrets", list(ordered("uuid", uuid,
                "usageType", "ceph", "usageID", "client.x", "password", "c2VjcmV0"))));
        assertThat(refused.code()).as("the test driver has no secrets").isEqualTo(100);
        assertThat(refused.message()).doesNotContain("c2VjcmV0");
        assertThat(client.call("Host.unregisterSecrets", ordered("uuids", list(uuid))).code())
                .as("the test driver has no secrets").isEqualTo(100);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void errorsHaveVdsmCodesAndNameTheField(String binding) throws Exception {
        Client client = agent.client(binding);
        String unknown = UUID.randomUUID().toString();
        Reply noVm = client.call("VM.getStats", ordered("vmID", unknown));
        assertThat(noVm.code()).isEqualTo(1);
        assertThat(noVm.message()).contains(unknown);

        Reply missing = client.call("VM.create", ordered("vmID", unknown));
        assertThat(missing.code()).isEqualTo(11);
        assertThat(missing.message()).contains("vmParams");

        Map<String, Object> badMem = vmParams("bad-" + binding);
        badMem.put("memSize", 8);
        Reply mem = client.call("VM.create", ordered("vmID", unknown, "vmParams", badMem));
        assertThat(mem.code()).isEqualTo(5002);
        assertThat(mem.message()).contains("vmParams.memSize", "below the minimum 16");

        Map<String, Object> badSmp = vmParams("bad-" + binding);
        badSmp.put("smp", 0);
        Reply smp = client.call("VM.create", ordered("vmID", unknown, "vmParams", badSmp));
        assertThat(smp.code()).isEqualTo(5002);
        assertThat(smp.message()).contains("vmParams.smp");

        Map<String, Object> hostFile = vmParams("bad-" + binding);
        hostFile.put("drives", list(Map.of("path", "/etc/shadow")));
        Reply shadow = client.call("VM.create", ordered("vmID", unknown, "vmParams", hostFile));
        assertThat(shadow.code()).isEqualTo(5002);
        assertThat(shadow.message()).contains("vmParams.drives[0].path");

        Map<String, Object> noName = vmParams("x");
        noName.remove("vmName");
        Reply name = client.call("VM.create", ordered("vmID", unknown, "vmParams", noName));
        assertThat(name.code()).isEqualTo(11);
        assertThat(name.message()).contains("vmParams.vmName");

        String id = UUID.randomUUID().toString();
        try (EventWatch watch = client.watch("vm.status")) {
            ok(client.call("VM.create", ordered("vmID", id, "vmParams", vmParams("dup-" + id.substring(0, 8)))));
            status(watch, id, "Up");
        }
        Reply exists = client.call("VM.create", ordered("vmID", id, "vmParams", vmParams("dup2-" + id.substring(0, 8))));
        assertThat(exists.code()).isEqualTo(4);
        Reply migrate = client.call("VM.migrate", ordered("vmID", id, "params", Map.of("dstUri", "qemu:///session")));
        assertThat(migrate.code()).isEqualTo(12);
        assertThat(migrate.message()).contains("test driver");
        Reply hostile = client.call("VM.migrate", ordered("vmID", id, "params", Map.of("dstUri",
                "qemu+ext:///system?command=/bin/sh")));
        assertThat(hostile.code()).isEqualTo(5002);
        assertThat(hostile.message()).contains("params.dstUri");
        assertThat(client.call("VM.migrateCancel", ordered("vmID", id)).code()).isEqualTo(12);
        ok(client.call("VM.destroy", ordered("vmID", id)));
    }
}
