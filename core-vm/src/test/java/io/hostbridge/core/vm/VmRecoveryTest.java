package io.hostbridge.core.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.BridgeException;
import io.hostbridge.core.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;

/**
 * An agent restart on the same state directory while libvirt keeps running the VMs (libvirt's test driver keeps
 * its domains as long as one connection to it stays open in the process: this test holds one, as libvirtd would).
 */
@Timeout(60)
class VmRecoveryTest {
    @TempDir
    Path stateDir;

    @Test
    void runningVmsAreRecoveredAndCallsGet99UntilRecoveryEnds() throws Exception {
        String up = UUID.randomUUID().toString();
        String paused = UUID.randomUUID().toString();
        String gone = UUID.randomUUID().toString();
        Connect libvirtd;
        String record;
        try (CoreAgent first = new CoreAgent(stateDir)) {
            libvirtd = new Connect("test:///default");
            for (String id : new String[] {up, paused, gone}) {
                first.call("VM.create", Map.of("vmID", id, "vmParams", VmLifecycleTest.params("rec-" + id.substring(0, 13))));
                first.awaitStatus(id, "Up");
            }
            first.call("VM.pause", Map.of("vmID", paused));
            record = Files.readString(stateDir.resolve("vms").resolve(up + ".json"));
        }
        try {
            // while the agent is down, one VM stops
            libvirtd.domainLookupByUUIDString(gone).destroy();
            // a slow state directory: reading this record blocks until the test writes it
            Path slow = stateDir.resolve("vms").resolve(up + ".json");
            Files.delete(slow);
            assertThat(new ProcessBuilder("mkfifo", slow.toString()).start().waitFor()).isZero();

            try (CoreAgent second = new CoreAgent(stateDir, VmSettings.defaults())) {
                BridgeException refused = second.error("VM.getInfo", Map.of("vmID", paused));
                assertThat(refused.code()).isEqualTo(99);
                assertThat(refused.getMessage()).contains("recovering");
                assertThat(second.call("Host.ping2", Map.of())).isNull();

                CompletableFuture<Void> released = CompletableFuture.runAsync(() -> write(slow, record));
                Poll.until(Duration.ofSeconds(10), () -> status(second, up), "Up"::equals, "recovered VM Up");
                released.get();
                assertThat(status(second, paused)).isEqualTo("Paused");
                Map<String, Object> lost = second.map("VM.getInfo", Map.of("vmID", gone));
                assertThat(lost.get("status")).isEqualTo("Down");
                assertThat(((Map<?, ?>) lost.get("exit")).get("exitReason")).isEqualTo("Lost");

                // events continue for recovered VMs
                second.call("VM.cont", Map.of("vmID", paused));
                second.awaitStatus(paused, "Up");
                second.call("VM.pause", Map.of("vmID", up));
                second.awaitStatus(up, "Paused");
                for (String id : new String[] {up, paused, gone}) {
                    second.call("VM.destroy", Map.of("vmID", id));
                }
            }
        } finally {
            libvirtd.close();
        }
    }

    private static String status(CoreAgent agent, String id) {
        try {
            return (String) agent.map("VM.getInfo", Map.of("vmID", id)).get("status");
        } catch (BridgeException e) {
            return "error " + e.code();
        }
    }

    private static void write(Path fifo, String content) {
        try {
            Files.writeString(fifo, content);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
