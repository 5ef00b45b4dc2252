package io.hostbridge.core.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.BridgeException;
import io.hostbridge.core.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/** Many VMs at once on the test driver; a destroy racing a create. */
@Timeout(120)
class VmConcurrencyTest {
    @TempDir
    static Path stateDir;
    private static CoreAgent agent;

    @BeforeAll
    static void start() throws Exception {
        agent = new CoreAgent(stateDir);
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    @SuppressWarnings("unchecked")
    private static String status(String id) {
        return (String) ((Map<String, Object>) agent.call("VM.getInfo", Map.of("vmID", id))).get("status");
    }

    @Test
    void fiftyConcurrentCreatesAllReachUp() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(50);
        List<String> ids = new ArrayList<>();
        List<Future<?>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                calls.add(callers.submit(() -> agent.call("VM.create", Map.of("vmID", id,
                        "vmParams", VmLifecycleTest.params("c50-" + id.substring(0, 13))))));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        } finally {
            callers.shutdown();
        }
        for (String id : ids) {
            Poll.until(Duration.ofSeconds(30), () -> status(id), "Up"::equals, "VM " + id + " Up");
        }
        assertThat((List<?>) agent.call("Host.getVMList", Map.of("onlyUUID", true))).hasSize(50);
        assertThat((List<?>) agent.call("Host.getAllVmStats", Map.of())).hasSize(50)
                .allSatisfy(s -> assertThat(((Map<?, ?>) s).get("status")).isEqualTo("Up"));
        for (String id : ids) {
            agent.call("VM.destroy", Map.of("vmID", id));
        }
        assertThat((List<?>) agent.call("Host.getVMList", Map.of())).isEmpty();
    }

    @Test
    void destroyRightAfterCreateLeavesNoVmAndNoDomain() throws Exception {
        Connect libvirt = new Connect("test:///default");
        try {
            for (int i = 0; i < 20; i++) {
                String id = UUID.randomUUID().toString();
                agent.call("VM.create", Map.of("vmID", id, "vmParams",
                        VmLifecycleTest.params("dc-" + id.substring(0, 13))));
                agent.call("VM.destroy", Map.of("vmID", id));

                BridgeException gone = agent.error("VM.getInfo", Map.of("vmID", id));
                assertThat(gone.code()).isEqualTo(1);
                assertThat(domainExists(libvirt, id)).as("libvirt domain of " + id).isFalse();
                assertThat(Files.exists(stateDir.resolve("vms").resolve(id + ".json"))).isFalse();
                agent.awaitStatus(id, "Down");
            }
        } finally {
            libvirt.close();
        }
    }

    private static boolean domainExists(Connect libvirt, String id) {
        try {
            libvirt.domainLookupByUUIDString(id);
            return true;
        } catch (LibvirtException e) {
            return false;
        }
    }
}
