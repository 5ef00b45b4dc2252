package io.hostbridge.core.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.BridgeException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import io.hostbridge.api.EventPublisher;
import io.hostbridge.api.EventTopic;
import io.hostbridge.api.vm.VmStatus;
import io.hostbridge.api.vm.VmStatusEvent;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * libvirt's error texts stay in the agent's log: what callers and event subscribers get is a fixed message with an
 * error id, under which the log has libvirt's words. Errors are provoked for real on the test driver, where libvirt
 * names the domain in its message: a launch libvirt refuses (another domain took the VM's name just before) and a
 * pause libvirt refuses (the domain was paused behind the agent's back). Code 40: LibvirtUnreachableTest.
 */
@Timeout(60)
class LibvirtTextTest {
    @TempDir
    Path stateDir;
    private CoreAgent agent;

    @BeforeEach
    void start() throws Exception {
        agent = new CoreAgent(stateDir);
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    private static String errorId(String message) {
        assertThat(message).contains("error id ");
        return message.substring(message.indexOf("error id ") + "error id ".length()).split("[^0-9a-f-]")[0];
    }

    @Test
    void aLaunchLibvirtRefusesEndsWithAnErrorIdNotLibvirtsText() throws Exception {
        UUID id = UUID.randomUUID();
        String name = "secret-name-" + id.toString().substring(0, 8);
        Connect libvirtd = new Connect("test:///default");
        agent.close();
        // just before the launch, another domain takes the VM's name: libvirt refuses the launch, naming it
        agent = new CoreAgent(stateDir, VmSettings.defaults(), VmTimeouts.DEFAULT, real -> new EventPublisher() {
            @Override
            public <T> void publish(EventTopic<T> topic, String subject, T payload) {
                if (payload instanceof VmStatusEvent e && e.vmId().equals(id) && e.status() == VmStatus.POWERING_UP) {
                    try {
                        libvirtd.domainCreateXML("<domain type='test'><name>" + name + "</name><memory>131072"
                                + "</memory><os><type>hvm</type></os></domain>", 0);
                    } catch (LibvirtException x) {
                        throw new IllegalStateException(x);
                    }
                }
                real.publish(topic, subject, payload);
            }
        });
        agent.awaitRecovered();
        try (LogCapture log = LogCapture.of("io.hostbridge")) {
            agent.call("VM.create", Map.of("vmID", id.toString(), "vmParams", Map.of("vmName", name, "memSize", 128)));

            Map<?, ?> down = (Map<?, ?>) agent.awaitStatus(id.toString(), "Down").payload();
            String message = (String) down.get("exitMessage");
            assertThat(down.get("exitReason")).isEqualTo("LaunchFailed");
            assertThat(message).doesNotContain(name).doesNotContain("already exists");
            Map<?, ?> exit = (Map<?, ?>) agent.map("VM.getInfo", Map.of("vmID", id.toString())).get("exit");
            assertThat((String) exit.get("exitMessage")).isEqualTo(message);
            String errorId = errorId(message);
            assertThat(log.warnings()).anySatisfy(line -> assertThat(line).contains(errorId, name));
        } finally {
            libvirtd.domainLookupByName(name).destroy();
            libvirtd.close();
        }
    }

    @Test
    void aPauseLibvirtRefusesIsCode100WithAnErrorIdNotLibvirtsText() throws Exception {
        String id = UUID.randomUUID().toString();
        String name = "secret-name-" + id.substring(0, 8);
        agent.call("VM.create", Map.of("vmID", id, "vmParams", Map.of("vmName", name, "memSize", 128)));
        agent.awaitStatus(id, "Up");
        agent.stopLifecycleEvents();
        Domain domain = agent.get(LibvirtConnection.class).call(c -> c.domainLookupByName(name));

        try (LogCapture log = LogCapture.of("io.hostbridge")) {
            domain.suspend(); // behind the agent's back: it still believes the VM Up, libvirt says "not running"
            BridgeException pause = agent.error("VM.pause", Map.of("vmID", id));
            assertThat(pause.code()).isEqualTo(100);
            assertThat(pause.getMessage()).contains("pause").doesNotContain(name).doesNotContain("not running");
            String pauseId = errorId(pause.getMessage());
            assertThat(log.warnings()).anySatisfy(line -> assertThat(line).contains(pauseId, name));
        }
        domain.resume();
        agent.call("VM.destroy", Map.of("vmID", id));
    }
}
