package io.hostbridge.core.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.BridgeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent starts and serves without libvirt; VM calls say libvirt is unreachable (code 40), and so does the health
 * check, without libvirt's words or its URI (which may hold a socket path): those are in the log.
 */
@Timeout(60)
class LibvirtUnreachableTest {
    @TempDir
    Path stateDir;

    @Test
    void vmCallsFailWith40NamingTheUriAndHealthSaysSo() throws Exception {
        String uri = "test+unix:///default?socket=" + stateDir.resolve("no-libvirtd.sock");
        VmSettings settings = new VmSettings(uri, "auto", "", "", "", Duration.ofSeconds(60), Duration.ofMillis(50),
                Duration.ofMillis(200));
        try (CoreAgent agent = new CoreAgent(stateDir, settings)) {
            agent.awaitRecovered(); // nothing to recover: no need for libvirt
            BridgeException e = agent.error("VM.create", Map.of("vmID", UUID.randomUUID().toString(),
                    "vmParams", VmLifecycleTest.params("unreachable")));
            assertThat(e.code()).isEqualTo(40);
            // neither the URI (a socket path here) nor libvirt's words ("Failed to connect socket …")
            assertThat(e.getMessage()).contains("unreachable", "reconnects").doesNotContain(stateDir.toString())
                    .doesNotContainIgnoringCase("failed to connect");
            assertThat((java.util.List<?>) agent.call("Host.getVMList", Map.of())).isEmpty();
            Map<?, ?> libvirt = (Map<?, ?>) ((Map<?, ?>) agent.map("Host.getHealth", Map.of()).get("checks"))
                    .get("libvirt");
            assertThat(libvirt.get("healthy")).isEqualTo(false);
            assertThat((String) libvirt.get("message")).contains("unreachable").doesNotContain(stateDir.toString())
                    .doesNotContainIgnoringCase("failed to connect");
            assertThat(agent.call("Host.ping2", Map.of())).isNull();
        }
    }

    @Test
    void vmRecordsWaitForLibvirtSoCallsGet99() throws Exception {
        try (CoreAgent first = new CoreAgent(stateDir)) {
            String id = UUID.randomUUID().toString();
            first.call("VM.create", Map.of("vmID", id, "vmParams", VmLifecycleTest.params("w-" + id.substring(0, 8))));
            first.awaitStatus(id, "Up");
        }
        VmSettings unreachable = VmSettings.defaults().withLibvirtUri("test+unix:///default?socket="
                + stateDir.resolve("no-libvirtd.sock"));
        try (CoreAgent second = new CoreAgent(stateDir, unreachable)) {
            assertThat(second.error("Host.getVMList", Map.of()).code()).isEqualTo(99);
            assertThat(second.call("Host.getStats", Map.of())).isNotNull();
        }
    }
}
