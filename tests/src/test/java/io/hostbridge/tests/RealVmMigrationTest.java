package io.hostbridge.tests;

import static io.hostbridge.tests.AllBindings.number;
import static io.hostbridge.tests.RealVmAgent.awaitStatus;
import static io.hostbridge.tests.RealVmHost.domstate;
import static io.hostbridge.tests.RealVmHost.virshOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.tests.ConformanceClients.EventWatch;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Live migration between two agents on two real libvirt daemons: agent 1 on the system daemon, agent 2 on the
 * unprivileged session daemon (docs/realvm.md). Both speak TLS only, with certificates of one CA (agent 2's host
 * certificate issued by agent 1's CA, as for two hosts of a cluster). {@code VM.migrate} with {@code dst} = agent 2's
 * HTTP API: agent 1 asks agent 2, over mutual TLS with its host certificate, to expect the VM, migrates it, reports progress as {@code vm.migration} events; the guest goes on
 * running on the target (its tick counter continues), agent 1 reports it Down (MigrationSucceeded), agent 2 Up.
 * A migration can be cancelled: the VM stays Up on the source and nothing is left on the target.
 */
@Tag("realvm")
class RealVmMigrationTest {
    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final Duration STEP = Duration.ofSeconds(30);
    /** Both agents speak TLS with certificates of one CA: agent 1 calls agent 2 over mutual TLS. */
    private static final ClusterPki CLUSTER = new ClusterPki();

    @RegisterExtension
    @Order(1)
    static final RealVmHost host = new RealVmHost();

    @RegisterExtension
    @Order(2)
    static final AgentExtension source = new AgentExtension(CLUSTER.firstAgent(Map.of("vm.libvirtUri",
            "qemu:///system", "vm.domainType", "qemu", "vm.isoDir", RealVmHost.guestDirectory())));

    @RegisterExtension
    @Order(3)
    static final AgentExtension target = new AgentExtension(CLUSTER.secondAgent(Map.of("vm.libvirtUri",
            "qemu+unix:///session?socket=/run/hostbridge-mig/libvirt/libvirt-sock", "vm.domainType", "qemu",
            "vm.isoDir", RealVmHost.guestDirectory())));

    private final RealVmAgent one = RealVmAgent.of(source, CLUSTER.client());
    private final RealVmAgent two = RealVmAgent.of(target, CLUSTER.client());

    /** The tiny guest on agent 1, Up; returns its domain name (tracked on both daemons). */
    private String createOnSource(EventWatch watch, String vmId, String purpose, String kernelArgs) throws Exception {
        String name = RealVmAgent.name(purpose, vmId);
        host.track(host.systemUri(), name);
        host.track(host.sessionUri(), name);
        one.ok("VM.create", "vmID", vmId, "vmParams", RealVmAgent.tinyGuest(host, vmId, name, kernelArgs));
        awaitStatus(watch, vmId, "Up", BOOT);
        return name;
    }

    private static Map<String, Object> migrationEvent(EventWatch watch, String vmId, String status, Duration timeout)
            throws Exception {
        return RealVmAgent.map(watch.next(e -> vmId.equals(((Map<?, ?>) e.payload()).get("vmId"))
                && status.equals(((Map<?, ?>) e.payload()).get("status")), timeout).payload());
    }

    private static List<Object> vmList(RealVmAgent agent) throws Exception {
        return List.copyOf((List<?>) agent.ok("Host.getVMList", "fullStatus", false));
    }

    @Test
    void aRunningGuestMigratesToTheOtherAgentAndKeepsRunning() throws Exception {
        String vmId = UUID.randomUUID().toString();
        try (EventWatch status1 = one.watch("vm.status"); EventWatch migration = one.watch("vm.migration");
             EventWatch status2 = two.watch("vm.status")) {
            String name = createOnSource(status1, vmId, "migrate", "hb.ticks=1");
            int lastOnSource;
            try (PtyConsole console = new PtyConsole((String) one.info(vmId).get("consolePath"))) {
                console.awaitTickAfter(0, BOOT);
                // 50 MiB/s: about three seconds for the guest's memory, so progress is seen on the way
                Map<String, Object> started = one.okMap("VM.migrate", "vmID", vmId, "params",
                        Map.of("dst", two.hostPort(), "maxBandwidth", 50));
                assertThat(started).containsEntry("status", "started");
                awaitStatus(status1, vmId, "Migration Source", STEP);
                awaitStatus(status2, vmId, "Migration Destination", STEP);
                Map<String, Object> progress = migrationEvent(migration, vmId, "progress", STEP);
                assertThat(number(progress.get("dataTotal"))).isPositive();
                assertThat(progress.get("dstUri")).isEqualTo(host.sessionUri());

                Map<String, Object> succeeded = migrationEvent(migration, vmId, "succeeded", BOOT);
                assertThat(number(succeeded.get("progress"))).isEqualTo(100);
                Map<String, Object> down = awaitStatus(status1, vmId, "Down", STEP);
                assertThat(down).containsEntry("exitReason", "MigrationSucceeded");
                awaitStatus(status2, vmId, "Up", STEP);
                lastOnSource = console.lastTick();
            }
            assertThat(one.okMap("VM.getMigrationStatus", "vmID", vmId)).containsEntry("status", "succeeded");
            assertThat(domstate(host.systemUri(), name)).as("gone from the source daemon").isNull();
            assertThat(domstate(host.sessionUri(), name)).isEqualTo("running (migrated)");
            assertThat(vmList(one)).contains(Map.of("vmId", vmId, "status", "Down"));
            assertThat(vmList(two)).contains(Map.of("vmId", vmId, "status", "Up"));

            Map<String, Object> arrived = two.info(vmId);
            assertThat(arrived).containsEntry("vmName", name).containsEntry("status", "Up");
            try (PtyConsole console = new PtyConsole((String) arrived.get("consolePath"))) {
                // the same guest counts on: its memory moved, it did not boot again
                console.awaitTickAfter(lastOnSource + 1, STEP);
                assertThat(console.text()).doesNotContain(TinyGuest.UP);
            }

            one.ok("VM.destroy", "vmID", vmId); // forgets the migrated VM on the source
            assertThat(one.call("VM.getInfo", "vmID", vmId).code()).isEqualTo(1);
            two.ok("VM.destroy", "vmID", vmId);
            awaitStatus(status2, vmId, "Down", STEP);
            assertThat(domstate(host.sessionUri(), name)).isNull();
        }
    }

    /** Peer to peer, tunnelled through libvirt's own connection: the source daemon opens the target's URI itself. */
    @Test
    void aPausedGuestMigratesTunnelledAndArrivesPaused() throws Exception {
        String vmId = UUID.randomUUID().toString();
        try (EventWatch status1 = one.watch("vm.status"); EventWatch status2 = two.watch("vm.status")) {
            String name = createOnSource(status1, vmId, "tunnel", "");
            one.ok("VM.pause", "vmID", vmId);
            one.ok("VM.migrate", "vmID", vmId, "params", Map.of("dst", two.hostPort(), "tunneled", true,
                    "migrationDownTime", 500));
            // as a polling caller follows it
            Poll.until(BOOT, "migration of " + vmId + " succeeded", () -> {
                Object now = one.okMap("VM.getMigrationStatus", "vmID", vmId).get("status");
                assertThat(now).isIn("started", "progress", "succeeded");
                return "succeeded".equals(now) ? now : null;
            });
            assertThat(awaitStatus(status1, vmId, "Down", STEP)).containsEntry("exitReason", "MigrationSucceeded");
            awaitStatus(status2, vmId, "Paused", STEP);
            assertThat(domstate(host.sessionUri(), name)).startsWith("paused");
            assertThat(domstate(host.systemUri(), name)).isNull();

            two.ok("VM.cont", "vmID", vmId);
            awaitStatus(status2, vmId, "Up", STEP);
            assertThat(domstate(host.sessionUri(), name)).isEqualTo("running (unpaused)");
            two.ok("VM.destroy", "vmID", vmId);
            one.ok("VM.destroy", "vmID", vmId);
        }
    }

    /** libvirt's reason (here: nothing listens on the port) is in agent 1's log; the event has an error id. */
    @Test
    void aMigrationLibvirtCannotStartFailsWithAnErrorIdNotLibvirtsText() throws Exception {
        String vmId = UUID.randomUUID().toString();
        try (EventWatch status1 = one.watch("vm.status"); EventWatch migration = one.watch("vm.migration")) {
            createOnSource(status1, vmId, "nowhere", "");
            one.ok("VM.migrate", "vmID", vmId, "params", Map.of("dstUri", "qemu+tcp://127.0.0.1:1/system"));
            Map<String, Object> failed = migrationEvent(migration, vmId, "failed", STEP);
            assertThat((String) failed.get("message")).contains("error id")
                    .doesNotContainIgnoringCase("connect").doesNotContainIgnoringCase("refused");
            assertThat(one.okMap("VM.getMigrationStatus", "vmID", vmId)).containsEntry("message", failed.get("message"));
            assertThat(one.info(vmId)).containsEntry("status", "Up");
            one.ok("VM.destroy", "vmID", vmId);
        }
    }

    @Test
    void aCancelledMigrationLeavesTheGuestUpOnTheSourceAndNothingOnTheTarget() throws Exception {
        String vmId = UUID.randomUUID().toString();
        try (EventWatch status1 = one.watch("vm.status"); EventWatch migration = one.watch("vm.migration")) {
            String name = createOnSource(status1, vmId, "cancel", "");
            // 1 MiB/s: the guest's memory takes far longer than the test waits
            one.ok("VM.migrate", "vmID", vmId, "params", Map.of("dst", two.hostPort(), "maxBandwidth", 1));
            Poll.until(STEP, "migration of " + vmId + " under way with data sent", () -> {
                Map<String, Object> now = one.okMap("VM.getMigrationStatus", "vmID", vmId);
                assertThat(now.get("status")).isIn("started", "progress");
                return now.get("dataProcessed") != null && number(now.get("dataProcessed")) > 0 ? now : null;
            });
            assertThat(one.info(vmId)).containsEntry("status", "Migration Source");
            assertThat(two.info(vmId)).containsEntry("status", "Migration Destination");
            one.ok("VM.migrateChangeParams", "vmID", vmId, "params", Map.of("maxBandwidth", 2));
            assertThat(virshOk(host.systemUri(), "migrate-getspeed", name).strip()).isEqualTo("2");

            one.ok("VM.migrateCancel", "vmID", vmId);
            Map<String, Object> cancelled = migrationEvent(migration, vmId, "cancelled", STEP);
            assertThat((String) cancelled.get("message")).containsIgnoringCase("cancel");
            awaitStatus(status1, vmId, "Up", STEP);
            assertThat(one.okMap("VM.getMigrationStatus", "vmID", vmId)).containsEntry("status", "cancelled");
            assertThat(domstate(host.systemUri(), name)).startsWith("running");
            Poll.until(STEP, "agent 2 forgets VM " + vmId, () -> two.call("VM.getInfo", "vmID", vmId).code() == 1
                    ? true : null);
            assertThat(domstate(host.sessionUri(), name)).as("nothing left on the target daemon").isNull();

            // still a working VM on the source
            one.ok("VM.pause", "vmID", vmId);
            assertThat(domstate(host.systemUri(), name)).isEqualTo("paused (user)");
            assertThat(one.call("VM.migrateChangeParams", "vmID", vmId, "params", Map.of("maxBandwidth", 2)).code())
                    .as("no migration runs").isEqualTo(5002);
            one.ok("VM.destroy", "vmID", vmId);
        }
    }
}
