package io.hostbridge.core.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.BridgeException;
import java.nio.file.Files;
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

/**
 * A VM's host files (drives by path, kernel, initrd) are a LEGAL volume of an active storage domain or a regular
 * file in the ISO directory, with symbolic links and '..' resolved; anything else is 5002 naming the field, and
 * the agent goes on creating VMs.
 */
@Timeout(60)
class VmHostFilesTest {
    @TempDir
    Path stateDir;
    @TempDir
    Path domains;
    @TempDir
    Path outside;
    private CoreAgent agent;

    @BeforeEach
    void start() throws Exception {
        agent = new CoreAgent(stateDir);
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    private static Map<String, Object> vm(String name) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("vmName", name + "-" + UUID.randomUUID().toString().substring(0, 8));
        p.put("memSize", 128);
        return p;
    }

    private BridgeException refused(Map<String, Object> params, String field) {
        BridgeException e = agent.error("VM.create", Map.of("vmID", UUID.randomUUID().toString(), "vmParams", params));
        assertThat(e.code()).as(params.toString()).isEqualTo(5002);
        assertThat(e.parameter()).isEqualTo(field);
        assertThat(e.getMessage()).contains(field);
        return e;
    }

    private static Map<String, Object> withDrive(String path) {
        Map<String, Object> p = vm("drive");
        p.put("drives", List.of(Map.of("path", path)));
        return p;
    }

    /** A storage domain with one COW volume; returns the volume's ids and the domain's root. */
    private Map<String, String> volume() {
        String sd = UUID.randomUUID().toString();
        String image = UUID.randomUUID().toString();
        String volume = UUID.randomUUID().toString();
        agent.call("StorageDomain.create", Map.of("storagedomainID", sd, "domainType", "localfs", "typeArgs",
                domains.toString(), "name", "disks", "domainClass", "data"));
        agent.call("Volume.create", Map.of("volumeID", volume, "storagedomainID", sd, "imageID", image, "size",
                1L << 20, "volFormat", "COW", "preallocate", "SPARSE"));
        return Map.of("storagedomainID", sd, "imageID", image, "volumeID", volume);
    }

    private String pathOf(Map<String, String> ids) {
        return (String) agent.map("Volume.getInfo", ids).get("path");
    }

    @Test
    void anyOtherHostFileOrDeviceAsADriveIsRefused() throws Exception {
        refused(withDrive("/etc/shadow"), "vmParams.drives[0].path");
        refused(withDrive("/dev/null"), "vmParams.drives[0].path");
        refused(withDrive("/dev/zero"), "vmParams.drives[0].path");
        Path file = Files.writeString(outside.resolve("disk.img"), "x");
        refused(withDrive(file.toString()), "vmParams.drives[0].path");
        Map<String, Object> second = vm("second");
        second.put("drives", List.of(Map.of("path", file.toString()), Map.of("path", "/etc/passwd")));
        refused(second, "vmParams.drives[0].path");
    }

    @Test
    void aStorageDomainsMetadataOrAPathLeadingOutOfItIsRefused() throws Exception {
        Map<String, String> ids = volume();
        Path volume = Path.of(pathOf(ids));
        Path root = volume.getParent().getParent().getParent();
        refused(withDrive(root.resolve("dom_md/metadata").toString()), "vmParams.drives[0].path");
        refused(withDrive(volume + ".meta"), "vmParams.drives[0].path");
        refused(withDrive(root + "/images/../../../../../../../../etc/shadow"), "vmParams.drives[0].path");
        Path link = Files.createSymbolicLink(volume.resolveSibling("link"), Path.of("/etc/shadow"));
        refused(withDrive(link.toString()), "vmParams.drives[0].path");
    }

    @Test
    void kernelAndInitrdOutsideTheIsoDirectoryAreRefused() {
        Map<String, Object> p = vm("boot");
        p.put("kernel", "/etc/shadow");
        refused(p, "vmParams.kernel");
        p.put("kernel", "/boot/../etc/shadow");
        refused(p, "vmParams.kernel");
    }

    @Test
    void aVolumesFileByPathIsAcceptedInItsOwnFormatAndCountsAsInUse() throws Exception {
        Map<String, String> ids = volume();
        String id = UUID.randomUUID().toString();
        agent.call("VM.create", Map.of("vmID", id, "vmParams", withDrive(pathOf(ids))));
        agent.awaitStatus(id, "Up");
        assertThat(agent.map("Volume.getInfo", ids).get("inUse")).isEqualTo(true);
        agent.call("VM.destroy", Map.of("vmID", id));

        Map<String, Object> raw = vm("raw");
        raw.put("drives", List.of(Map.of("path", pathOf(ids), "format", "raw")));
        refused(raw, "vmParams.drives[0].format");
    }

    @Test
    void filesInTheIsoDirectoryServeAsDrivesAndBootFilesButNoLinkLeadsOut() throws Exception {
        Path iso = TestDisks.file("install-" + UUID.randomUUID() + ".iso");
        Path kernel = TestDisks.file("vmlinuz-" + UUID.randomUUID());
        Map<String, Object> p = vm("iso");
        p.put("kernel", kernel.toString());
        p.put("initrd", TestDisks.DIR + "/../" + TestDisks.DIR.getFileName() + "/" + iso.getFileName()); // '..' resolved
        p.put("drives", List.of(Map.of("path", iso.toString(), "device", "cdrom", "readonly", true)));
        String id = UUID.randomUUID().toString();
        agent.call("VM.create", Map.of("vmID", id, "vmParams", p));
        agent.awaitStatus(id, "Up");
        assertThat(agent.map("VM.getInfo", Map.of("vmID", id))).containsEntry("initrd", iso.toString());
        agent.call("VM.destroy", Map.of("vmID", id));

        Path out = Files.createSymbolicLink(TestDisks.DIR.resolve("out-" + UUID.randomUUID()), Path.of("/etc/shadow"));
        refused(withDrive(out.toString()), "vmParams.drives[0].path");
        Map<String, Object> boot = vm("boot");
        boot.put("kernel", out.toString());
        refused(boot, "vmParams.kernel");
        boot.put("kernel", kernel.toString());
        boot.put("initrd", TestDisks.DIR + "/../" + TestDisks.DIR.getFileName() + "/../../etc/shadow");
        refused(boot, "vmParams.initrd");
    }

    @Test
    void devicesAreRefusedEvenInTheIsoDirectory() throws Exception {
        agent.close();
        agent = new CoreAgent(stateDir, VmSettings.defaults().withIsoDir("/dev"));
        agent.awaitRecovered();
        refused(withDrive("/dev/null"), "vmParams.drives[0].path");
        Map<String, Object> p = vm("dev");
        p.put("kernel", "/dev/zero");
        refused(p, "vmParams.kernel");
    }
}
