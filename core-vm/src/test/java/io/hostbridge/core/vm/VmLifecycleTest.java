package io.hostbridge.core.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.BridgeException;
import io.hostbridge.core.spi.VolumeUsers;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The VM verbs through the bridge, on libvirt's test driver: statuses, events, stats, errors. */
@Timeout(60)
class VmLifecycleTest {
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

    static Map<String, Object> params(String name) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("vmName", name);
        p.put("memSize", 256);
        p.put("smp", 2);
        p.put("drives", List.of(Map.of("path", TestDisks.file(name + ".img").toString())));
        p.put("nics", List.of(Map.of("type", "user")));
        p.put("custom", Map.of("owner", "tests"));
        return p;
    }

    private String create(String name) throws InterruptedException {
        String id = UUID.randomUUID().toString();
        Map<String, Object> info = agent.map("VM.create", Map.of("vmID", id, "vmParams", params(name)));
        assertThat(info.get("status")).isEqualTo("WaitForLaunch");
        agent.awaitStatus(id, "Up");
        return id;
    }

    @Test
    void aCreatedVmGoesThroughWaitForLaunchAndPoweringUpToUp() throws Exception {
        String id = UUID.randomUUID().toString();
        agent.call("VM.create", Map.of("vmID", id, "vmParams", params("lc-" + id.substring(0, 8))));

        agent.awaitStatus(id, "WaitForLaunch");
        agent.awaitStatus(id, "Powering up");
        agent.awaitStatus(id, "Up");
        Map<String, Object> info = agent.map("VM.getInfo", Map.of("vmID", id));
        assertThat(info).containsEntry("status", "Up").containsEntry("domainType", "test").containsEntry("smp", 2);
        assertThat(info.get("custom")).isEqualTo(Map.of("owner", "tests"));
        assertThat((List<?>) info.get("nics")).singleElement()
                .satisfies(n -> assertThat(((Map<?, ?>) n).get("macAddr")).asString().startsWith("52:54:00:"));
    }

    @Test
    void pauseContShutdownAndDestroyFollowLibvirt() throws Exception {
        String id = create("pcsd-" + UUID.randomUUID().toString().substring(0, 8));

        agent.call("VM.pause", Map.of("vmID", id));
        assertThat(agent.map("VM.getInfo", Map.of("vmID", id))).containsEntry("status", "Paused");
        agent.awaitStatus(id, "Paused");
        agent.call("VM.cont", Map.of("vmID", id));
        agent.awaitStatus(id, "Up");
        agent.call("VM.reset", Map.of("vmID", id));

        agent.call("VM.shutdown", Map.of("vmID", id));
        agent.awaitStatus(id, "Powering down");
        Map<?, ?> down = (Map<?, ?>) agent.awaitStatus(id, "Down").payload();
        assertThat(down.get("exitCode")).isEqualTo(0);
        assertThat(down.get("exitReason")).isEqualTo("AdminShutdown");
        assertThat(agent.error("VM.pause", Map.of("vmID", id)).code()).isEqualTo(6);

        agent.call("VM.destroy", Map.of("vmID", id));
        assertThat(agent.error("VM.getInfo", Map.of("vmID", id)).code()).isEqualTo(1);
    }

    @Test
    void statsCoverCpuMemoryDisksAndNics() throws Exception {
        String id = create("st-" + UUID.randomUUID().toString().substring(0, 8));

        List<?> list = (List<?>) agent.call("VM.getStats", Map.of("vmID", id));
        Map<?, ?> stats = (Map<?, ?>) list.get(0);
        assertThat(stats.get("status")).isEqualTo("Up");
        assertThat(stats.get("vcpuCount")).isEqualTo(2);
        assertThat((Long) stats.get("cpuTime")).isPositive();
        assertThat((Long) stats.get("balloonCurrent")).isEqualTo(256 * 1024L);
        assertThat(((Map<?, ?>) stats.get("disks")).keySet()).map(String::valueOf).containsExactly("vda");
        assertThat(((Map<?, ?>) stats.get("network"))).hasSize(1);
        Map<String, Object> host = agent.map("Host.getStats", Map.of());
        assertThat((Integer) host.get("vmCount")).isGreaterThanOrEqualTo(1);
        assertThat((Integer) host.get("vmActive")).isGreaterThanOrEqualTo(1);
        agent.call("VM.destroy", Map.of("vmID", id));
    }

    @Test
    void storageIsToldWhichFilesRunningVmsUse() throws Exception {
        String name = "vu-" + UUID.randomUUID().toString().substring(0, 8);
        String id = create(name);
        Path disk = TestDisks.DIR.resolve(name + ".img");
        VolumeUsers users = agent.get(VmVolumeUsers.class);

        assertThat(users.userOf(disk)).hasValueSatisfying(who -> assertThat(who).contains(id, name));
        assertThat(users.userOf(TestDisks.DIR.resolve("other.img"))).isEmpty();
        agent.call("VM.destroy", Map.of("vmID", id));
        assertThat(users.userOf(disk)).isEmpty();
    }

    @Test
    void aDriveByVolumeUsesTheVolumeWhichCannotBeDeletedWhileTheVmRuns(@TempDir Path domains) throws Exception {
        String sd = UUID.randomUUID().toString();
        String image = UUID.randomUUID().toString();
        String volume = UUID.randomUUID().toString();
        agent.call("StorageDomain.create", Map.of("storagedomainID", sd, "domainType", "localfs", "typeArgs",
                domains.toString(), "name", "vm disks", "domainClass", "data"));
        agent.call("Volume.create", Map.of("volumeID", volume, "storagedomainID", sd, "imageID", image, "size",
                1L << 30, "volFormat", "COW", "preallocate", "SPARSE"));
        Map<String, String> ids = Map.of("storagedomainID", sd, "imageID", image, "volumeID", volume);
        Path file = Path.of((String) agent.map("Volume.getInfo", ids).get("path"));
        String name = "vol-" + volume.substring(0, 8);
        Map<String, Object> p = params(name);
        p.put("drives", List.of(Map.of("domainID", sd, "imageID", image, "volumeID", volume)));
        String id = UUID.randomUUID().toString();
        agent.call("VM.create", Map.of("vmID", id, "vmParams", p));
        agent.awaitStatus(id, "Up");

        assertThat(agent.get(VmVolumeUsers.class).userOf(file)).hasValueSatisfying(who -> assertThat(who).contains(id));
        assertThat(agent.map("Volume.getInfo", ids).get("inUse")).isEqualTo(true);
        BridgeException refused = agent.error("Volume.delete", ids);
        assertThat(refused.code()).isEqualTo(203);
        assertThat(refused.getMessage()).contains(id);

        agent.call("VM.destroy", Map.of("vmID", id));
        agent.call("Volume.delete", ids);
        assertThat(file).doesNotExist();
    }

    @Test
    void aDriveOnAnUnknownStorageDomainIs358() {
        Map<String, Object> p = params("nosd-" + UUID.randomUUID().toString().substring(0, 8));
        p.put("drives", List.of(Map.of("domainID", UUID.randomUUID().toString(), "imageID",
                UUID.randomUUID().toString(), "volumeID", UUID.randomUUID().toString())));
        BridgeException e = agent.error("VM.create", Map.of("vmID", UUID.randomUUID().toString(), "vmParams", p));
        assertThat(e.code()).isEqualTo(358);
    }

    @Test
    void errorsNameTheirCase() throws Exception {
        String id = create("er-" + UUID.randomUUID().toString().substring(0, 8));
        assertThat(agent.error("VM.create", Map.of("vmID", id, "vmParams", params("other"))).code()).isEqualTo(4);
        assertThat(agent.error("VM.destroy", Map.of("vmID", UUID.randomUUID().toString())).code()).isEqualTo(1);
        Map<String, Object> bad = params("bad");
        bad.put("memSize", 1);
        BridgeException e = agent.error("VM.create", Map.of("vmID", UUID.randomUUID().toString(), "vmParams", bad));
        assertThat(e.code()).isEqualTo(5002);
        assertThat(e.parameter()).isEqualTo("vmParams.memSize");
        assertThat(agent.error("VM.create", Map.of("vmID", UUID.randomUUID().toString())).code()).isEqualTo(11);
        assertThat(agent.error("VM.migrate", Map.of("vmID", id, "params", Map.of("dstUri", "qemu:///session")))
                .getMessage()).contains("test driver");
        agent.call("VM.destroy", Map.of("vmID", id));
    }
}
