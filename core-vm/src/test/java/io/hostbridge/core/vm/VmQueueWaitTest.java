package io.hostbridge.core.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.BridgeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/** A verb that waits too long behind other operations on its VM is withdrawn: its answer says so, and it never runs. */
@Timeout(60)
class VmQueueWaitTest {
    @TempDir
    Path stateDir;
    private CoreAgent agent;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        agent = new CoreAgent(stateDir, VmSettings.defaults(),
                new VmTimeouts(Duration.ofMillis(500), VmTimeouts.DEFAULT.confirm()));
        agent.awaitRecovered();
    }

    @AfterEach
    void stop() {
        release.countDown();
        agent.close();
    }

    @Test
    void aDestroyThatTimesOutWaitingForItsTurnIsRefusedAndNeverHappens() throws Exception {
        String id = UUID.randomUUID().toString();
        agent.call("VM.create", Map.of("vmID", id, "vmParams", VmLifecycleTest.params("qw-" + id.substring(0, 8))));
        agent.awaitStatus(id, "Up");
        SerialQueue queue = agent.get(VmRegistry.class).require(UUID.fromString(id)).queue();
        queue.submit(() -> release.await(30, TimeUnit.SECONDS)); // an operation that holds the VM

        BridgeException refused = agent.error("VM.destroy", Map.of("vmID", id));

        assertThat(refused.code()).isEqualTo(851);
        assertThat(refused.getMessage()).contains(id, "did not run");
        release.countDown();
        queue.submit(() -> null).get(10, TimeUnit.SECONDS); // the withdrawn destroy would have run before this
        assertThat(agent.map("VM.getInfo", Map.of("vmID", id))).containsEntry("status", "Up");
        assertThat(domainExists(id)).isTrue();
        agent.call("VM.destroy", Map.of("vmID", id));
        assertThat(domainExists(id)).isFalse();
    }

    private static boolean domainExists(String id) throws LibvirtException {
        Connect libvirt = new Connect("test:///default");
        try {
            libvirt.domainLookupByUUIDString(id);
            return true;
        } catch (LibvirtException e) {
            return false;
        } finally {
            libvirt.close();
        }
    }
}
