package io.hostbridge.tests;

import static io.hostbridge.tests.RealVmAgent.awaitStatus;
import static io.hostbridge.tests.RealVmHost.domstate;
import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.tests.ConformanceClients.EventWatch;
import io.hostbridge.tests.ConformanceClients.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as a separate process on the system libvirtd, killed with SIGKILL while it runs two real guests (one
 * Up, one Paused) and started again on the same state directory: the guests ran on without it, the new agent
 * recovers both with their status (calls get code 99 until it has), reports them as {@code vm.status} events with
 * reason "recovered", and keeps following them (pause and cont after the restart are events again).
 */
@Tag("realvm")
class RealVmRecoveryTest {
    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final Duration STEP = Duration.ofSeconds(30);
    private static final Map<String, String> ENV = Map.of("HOSTBRIDGE_VM_LIBVIRT_URI", "qemu:///system",
            "HOSTBRIDGE_VM_DOMAIN_TYPE", "qemu", "HOSTBRIDGE_VM_ISO_DIR", RealVmHost.guestDirectory());

    @RegisterExtension
    @Order(1)
    static final RealVmHost host = new RealVmHost();

    @TempDir
    Path dir;

    private final List<Process> agents = new ArrayList<>();

    private RealVmAgent start(String name) throws Exception {
        AgentProcess process = AgentProcess.start(dir, name, ENV);
        agents.add(process.process());
        return new RealVmAgent(process.base().resolve("/"));
    }

    @org.junit.jupiter.api.AfterEach
    void stopAgents() throws Exception {
        for (Process p : agents) {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private String create(RealVmAgent api, EventWatch watch, String vmId, String purpose) throws Exception {
        String name = RealVmAgent.name(purpose, vmId);
        host.track(host.systemUri(), name);
        api.ok("VM.create", "vmID", vmId, "vmParams", RealVmAgent.tinyGuest(host, vmId, name, ""));
        awaitStatus(watch, vmId, "Up", BOOT);
        return name;
    }

    @Test
    void aKilledAgentRecoversItsRunningAndPausedGuests() throws Exception {
        String running = UUID.randomUUID().toString();
        String paused = UUID.randomUUID().toString();
        RealVmAgent first = start("first");
        String runningName;
        String pausedName;
        String console;
        try (EventWatch watch = first.watch("vm.status")) {
            runningName = create(first, watch, running, "recover-up");
            pausedName = create(first, watch, paused, "recover-paused");
            first.ok("VM.pause", "vmID", paused);
            console = (String) first.info(running).get("consolePath");
        }
        Process killed = agents.get(0);
        killed.destroyForcibly(); // SIGKILL
        assertThat(killed.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(killed.exitValue()).isEqualTo(137);
        // the guests belong to libvirtd, not to the agent
        assertThat(domstate(host.systemUri(), runningName)).startsWith("running");
        assertThat(domstate(host.systemUri(), pausedName)).isEqualTo("paused (user)");

        RealVmAgent second = start("second");
        List<Integer> refused = new ArrayList<>();
        List<?> vms = Poll.until(STEP, "Host.getVMList answers after the restart", () -> {
            Reply reply = second.call("Host.getVMList", "fullStatus", true);
            if (!reply.ok()) {
                refused.add(reply.code());
                return null;
            }
            return (List<?>) reply.result();
        });
        assertThat(refused).as("the only refusal while recovering is code 99").allMatch(code -> code == 99);
        Map<String, Object> up = vm(vms, running);
        Map<String, Object> stillPaused = vm(vms, paused);
        assertThat(up).containsEntry("status", "Up").containsEntry("vmName", runningName)
                .containsEntry("domainType", "qemu");
        assertThat(stillPaused).containsEntry("status", "Paused").containsEntry("vmName", pausedName);
        assertThat(second.info(running)).containsEntry("consolePath", console);

        try (SseClient replay = new SseClient(second.uri("/api/v1/events?topics=vm.status"), "0")) {
            Map<String, Object> recovered = recoveredEvents(replay, 2);
            assertThat(recovered).containsOnlyKeys(running, paused);
            assertThat(RealVmAgent.map(recovered.get(running))).containsEntry("status", "Up");
            assertThat(RealVmAgent.map(recovered.get(paused))).containsEntry("status", "Paused");
        }
        try (EventWatch watch = second.watch("vm.status")) {
            second.ok("VM.cont", "vmID", paused);
            awaitStatus(watch, paused, "Up", STEP);
            assertThat(domstate(host.systemUri(), pausedName)).isEqualTo("running (unpaused)");
            second.ok("VM.pause", "vmID", running);
            awaitStatus(watch, running, "Paused", STEP);
            assertThat(domstate(host.systemUri(), runningName)).isEqualTo("paused (user)");
            second.ok("VM.destroy", "vmID", running);
            awaitStatus(watch, running, "Down", STEP);
            second.ok("VM.destroy", "vmID", paused);
            awaitStatus(watch, paused, "Down", STEP);
        }
        assertThat((List<?>) second.ok("Host.getVMList")).isEmpty();
        assertThat(domstate(host.systemUri(), runningName)).isNull();
    }

    private static Map<String, Object> vm(List<?> vms, String vmId) {
        return vms.stream().map(RealVmAgent::map).filter(v -> vmId.equals(v.get("vmId"))).findFirst()
                .orElseThrow(() -> new AssertionError("VM " + vmId + " not listed: " + vms));
    }

    /** The first {@code count} vm.status events with reason "recovered" on a replayed stream, by VM id. */
    private static Map<String, Object> recoveredEvents(SseClient sse, int count) throws Exception {
        Map<String, Object> byVm = new java.util.HashMap<>();
        while (byVm.size() < count) {
            SseClient.SseEvent e = sse.next(STEP);
            if (e.name().equals("vm.status")) {
                Map<?, ?> payload = (Map<?, ?>) Http.JSON.readValue(e.data(), Map.class).get("payload");
                if ("recovered".equals(payload.get("reason"))) {
                    byVm.put((String) payload.get("vmId"), payload);
                }
            }
        }
        return byVm;
    }
}
