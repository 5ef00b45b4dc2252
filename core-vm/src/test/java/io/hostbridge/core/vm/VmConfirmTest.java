package io.hostbridge.core.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.BridgeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * VM.pause and VM.cont answer success only once libvirt's event confirmed the new status; without it (here: the
 * agent hears no lifecycle events) they say the VM did not get there and in which status it is.
 */
@Timeout(60)
class VmConfirmTest {
    @TempDir
    Path stateDir;
    private CoreAgent agent;
    private String id;

    @BeforeEach
    void start() throws Exception {
        agent = new CoreAgent(stateDir, VmSettings.defaults(),
                new VmTimeouts(VmTimeouts.DEFAULT.queueWait(), Duration.ofMillis(500)));
        agent.awaitRecovered();
        id = UUID.randomUUID().toString();
        agent.call("VM.create", Map.of("vmID", id, "vmParams", VmLifecycleTest.params("cf-" + id.substring(0, 8))));
        agent.awaitStatus(id, "Up");
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void aPauseLibvirtDoesNotConfirmIsAnErrorNamingTheVmAndItsStatus() throws Exception {
        agent.stopLifecycleEvents();

        BridgeException e = agent.error("VM.pause", Map.of("vmID", id));

        assertThat(e.code()).isEqualTo(100);
        assertThat(e.getMessage()).contains("VM " + id, "not confirmed", "Paused", "it is Up");
        assertThat(agent.map("VM.getInfo", Map.of("vmID", id))).containsEntry("status", "Up");
    }

    @Test
    void aContLibvirtDoesNotConfirmIsAnErrorNamingTheVmAndItsStatus() throws Exception {
        agent.call("VM.pause", Map.of("vmID", id));
        agent.stopLifecycleEvents();

        BridgeException e = agent.error("VM.cont", Map.of("vmID", id));

        assertThat(e.code()).isEqualTo(100);
        assertThat(e.getMessage()).contains("VM " + id, "not confirmed", "Up", "it is Paused");
        assertThat(agent.map("VM.getInfo", Map.of("vmID", id))).containsEntry("status", "Paused");
    }

    @Test
    void aConfirmedPauseAndContSucceed() {
        agent.call("VM.pause", Map.of("vmID", id));
        assertThat(agent.map("VM.getInfo", Map.of("vmID", id))).containsEntry("status", "Paused");
        agent.call("VM.cont", Map.of("vmID", id));
        assertThat(agent.map("VM.getInfo", Map.of("vmID", id))).containsEntry("status", "Up");
    }
}
