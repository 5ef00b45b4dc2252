package io.hostbridge.core.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.EventPublisher;
import io.hostbridge.api.EventTopic;
import io.hostbridge.api.vm.VmStatus;
import io.hostbridge.api.vm.VmStatusEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * Work the agent does for a VM with no caller waiting (the launch, a delayed shutdown, the end of a shutdown's
 * grace time): when it fails, the failure is logged and the VM's status tells the truth, instead of the VM staying
 * "Powering up" or "Powering down" for good.
 */
@Timeout(60)
class VmBackgroundFailureTest {
    /** Internal text of a failure: it goes to the log, never to callers. */
    private static final String INTERNAL = "/var/lib/hostbridge/event-seq";

    @TempDir
    Path stateDir;
    private final CountDownLatch release = new CountDownLatch(1);
    private CoreAgent agent;
    private Connect libvirtd;

    @AfterEach
    void stop() throws LibvirtException {
        release.countDown();
        if (agent != null) {
            agent.close();
        }
        if (libvirtd != null) {
            for (int domainId : libvirtd.listDomains()) { // what the agent could not power off
                if (libvirtd.domainLookupByID(domainId).getName().startsWith("bg-")) {
                    libvirtd.domainLookupByID(domainId).destroy();
                }
            }
            libvirtd.close();
        }
    }

    static Stream<Throwable> launchFailures() {
        return Stream.of(new UncheckedIOException("cannot reserve event sequence numbers in " + INTERNAL,
                new IOException("No space left on device")), new NoClassDefFoundError(INTERNAL));
    }

    @ParameterizedTest
    @MethodSource("launchFailures")
    void aLaunchThatFailsUncheckedEndsDownWithLaunchFailedAndIsLogged(Throwable failure) throws Exception {
        UUID id = UUID.randomUUID();
        try (LogCapture log = LogCapture.of("io.hostbridge")) {
            agent = new CoreAgent(stateDir, VmSettings.defaults(), VmTimeouts.DEFAULT, failing(id, failure));
            agent.awaitRecovered();

            agent.call("VM.create", Map.of("vmID", id.toString(), "vmParams", VmLifecycleTest.params("lf-" + id)));

            Map<?, ?> down = (Map<?, ?>) agent.awaitStatus(id.toString(), "Down").payload();
            assertThat(down.get("exitCode")).isEqualTo(1);
            assertThat(down.get("exitReason")).isEqualTo("LaunchFailed");
            assertThat((String) down.get("exitMessage")).contains("error id").doesNotContain(INTERNAL);
            assertThat(agent.map("VM.getInfo", Map.of("vmID", id.toString()))).containsEntry("status", "Down");
            assertThat(log.warnings()).anySatisfy(line -> assertThat(line).contains(id.toString(), INTERNAL));
            assertThat(domainExists(id)).isFalse();
            agent.call("VM.destroy", Map.of("vmID", id.toString()));
        }
    }

    @Test
    void aDelayedShutdownThatFailsLeavesTheVmInTheStatusLibvirtReports() throws Exception {
        String id = startVm();
        // the agent's handle of the domain goes bad (as one from before a reconnection): libvirt refuses it
        vm(id).domain().free();
        try (LogCapture log = LogCapture.of("io.hostbridge")) {
            agent.call("VM.shutdown", Map.of("vmID", id, "delay", 1));

            agent.awaitStatus(id, "Powering down");
            Map<?, ?> up = (Map<?, ?>) agent.awaitStatus(id, "Up").payload();
            assertThat((String) up.get("reason")).contains("shutdown failed");
            assertThat(log.warnings()).anySatisfy(line -> assertThat(line).contains(id, "shutdown"));
        }
        assertThat(domainExists(UUID.fromString(id))).isTrue();
    }

    @Test
    void aShutdownLibvirtRefusesIsAnErrorAndLeavesTheVmInTheStatusLibvirtReports() throws Exception {
        String id = startVm();
        vm(id).domain().free();

        BridgeException e = agent.error("VM.shutdown", Map.of("vmID", id));

        assertThat(e.getMessage()).doesNotContain("virDomain");
        agent.awaitStatus(id, "Powering down");
        assertThat((String) ((Map<?, ?>) agent.awaitStatus(id, "Up").payload()).get("reason"))
                .contains("shutdown failed");
        assertThat(agent.map("VM.getInfo", Map.of("vmID", id))).containsEntry("status", "Up");
    }

    @Test
    void aForcedPowerOffThatFailsLeavesTheVmInTheStatusLibvirtReports() throws Exception {
        String id = startVm();
        Vm vm = vm(id);
        String xml = DomainXml.build(vm.id(), vm.params(), vm.domainType(), vm.drives());
        // the grace timer waits until the guest is made to "ignore" the shutdown below
        agent.get(VmThreads.class).scheduler().execute(() -> await(release));
        agent.stopLifecycleEvents();

        agent.call("VM.shutdown", Map.of("vmID", id, "timeout", 1, "force", true));
        agent.awaitStatus(id, "Powering down");
        // the test driver stops a domain at once on shutdown: running it again stands for a guest ignoring
        // the request; the agent's handle of the domain goes bad, so the forced power-off fails in libvirt
        libvirtd.domainCreateXML(xml, 0);
        vm.domain().free();
        try (LogCapture log = LogCapture.of("io.hostbridge")) {
            release.countDown();

            Map<?, ?> up = (Map<?, ?>) agent.awaitStatus(id, "Up").payload();
            assertThat((String) up.get("reason")).contains("power-off failed");
            assertThat(log.warnings()).anySatisfy(line -> assertThat(line).contains(id, "power-off"));
        }
        assertThat(agent.map("VM.getInfo", Map.of("vmID", id))).containsEntry("status", "Up");
    }

    private String startVm() throws Exception {
        agent = new CoreAgent(stateDir);
        libvirtd = new Connect("test:///default");
        String id = UUID.randomUUID().toString();
        agent.call("VM.create", Map.of("vmID", id, "vmParams", VmLifecycleTest.params("bg-" + id.substring(0, 13))));
        agent.awaitStatus(id, "Up");
        // Up comes from libvirt's event, which may precede the end of the launch: once the launch's turn is over,
        // the VM's domain handle is the one later operations use
        vm(id).queue().submit(() -> null).get(10, TimeUnit.SECONDS);
        return id;
    }

    private Vm vm(String id) {
        return agent.get(VmRegistry.class).require(UUID.fromString(id));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The agent's publisher, failing with {@code failure} when VM {@code id} is to be published "Powering up". */
    private static UnaryOperator<EventPublisher> failing(UUID id, Throwable failure) {
        return real -> new EventPublisher() {
            @Override
            public <T> void publish(EventTopic<T> topic, String subject, T payload) {
                if (payload instanceof VmStatusEvent e && e.vmId().equals(id) && e.status() == VmStatus.POWERING_UP) {
                    if (failure instanceof Error error) {
                        throw error;
                    }
                    throw (RuntimeException) failure;
                }
                real.publish(topic, subject, payload);
            }
        };
    }

    private static boolean domainExists(UUID id) throws LibvirtException {
        Connect c = new Connect("test:///default");
        try {
            c.domainLookupByUUIDString(id.toString());
            return true;
        } catch (LibvirtException e) {
            return false;
        } finally {
            c.close();
        }
    }
}
