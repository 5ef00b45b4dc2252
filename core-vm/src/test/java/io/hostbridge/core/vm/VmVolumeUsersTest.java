package io.hostbridge.core.vm;

import io.hostbridge.core.spi.VolumeUsers;
import io.hostbridge.core.spi.VolumeUsersContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The VM part's volume users: a VM on libvirt's test driver uses the file of its drive until it is destroyed. */
class VmVolumeUsersTest implements VolumeUsersContract {
    @TempDir
    Path stateDir;
    @TempDir
    Path disks;
    private CoreAgent agent;

    @BeforeEach
    void start() throws Exception {
        agent = new CoreAgent(stateDir, VmSettings.defaults().withIsoDir(disks.toString())); // VMs may use its files
        agent.awaitRecovered();
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Override
    public VolumeUsers users() {
        return agent.get(VmVolumeUsers.class);
    }

    @Override
    public Use use() throws Exception {
        String id = UUID.randomUUID().toString();
        Path disk = Files.createFile(disks.resolve(id + ".img"));
        Map<String, Object> params = VmLifecycleTest.params("vu-" + id.substring(0, 13));
        params.put("drives", List.of(Map.of("path", disk.toString())));
        agent.call("VM.create", Map.of("vmID", id, "vmParams", params));
        agent.awaitStatus(id, "Up");
        return new Use(disk, id, () -> agent.call("VM.destroy", Map.of("vmID", id)));
    }
}
