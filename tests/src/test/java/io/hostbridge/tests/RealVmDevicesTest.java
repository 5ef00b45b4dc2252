package io.hostbridge.tests;

import static io.hostbridge.tests.RealVmAgent.awaitStatus;
import static io.hostbridge.tests.RealVmHost.virshOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.tests.ConformanceClients.EventWatch;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * VM.hotplugDisk, VM.hotunplugDisk, VM.hotplugNic and VM.hotunplugNic on a real QEMU guest (the tiny guest with a shell
 * on its console, which loads the virtio drivers): each device seen by virsh domblklist / domiflist and inside the
 * guest (/sys/block, /sys/class/net), plugged in and out again; the volume is in use while plugged in.
 */
@Tag("realvm")
class RealVmDevicesTest {
    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final Duration STEP = Duration.ofSeconds(30);
    private static final AtomicInteger COMMANDS = new AtomicInteger();

    @RegisterExtension
    @org.junit.jupiter.api.Order(1)
    static final RealVmHost host = new RealVmHost();

    @RegisterExtension
    @org.junit.jupiter.api.Order(2)
    static final AgentExtension agent = RealVmAgent.onSystemDaemon();

    private final RealVmAgent api = RealVmAgent.of(agent);

    /** Runs a shell command in the guest; its output (the shell's echo of the typed line left out). */
    private static String inGuest(ConsoleCaller.Console console, String command) throws Exception {
        int n = COMMANDS.incrementAndGet();
        // $((n+0)): the typed line (echoed by the shell) does not hold the markers, only the output does
        console.type("echo HB-B$((" + n + "+0))-; " + command + "; echo HB-E$((" + n + "+0))-\r");
        String text = console.awaitText("HB-E" + n + "-", STEP);
        return text.substring(text.lastIndexOf("HB-B" + n + "-"), text.lastIndexOf("HB-E" + n + "-"));
    }

    /** Polls the guest until {@code command}'s output holds {@code text} ({@code present}) or no longer does. */
    private static void awaitInGuest(ConsoleCaller.Console console, String command, String text, boolean present)
            throws Exception {
        Poll.until(STEP, "'" + text + "' " + (present ? "in" : "gone from") + " the guest's " + command,
                () -> inGuest(console, command).contains(text) == present ? true : null);
    }

    private String newVolume(String sd, String image) throws Exception {
        String volume = UUID.randomUUID().toString();
        String job = (String) api.ok("Volume.create", "volumeID", volume, "storagedomainID", sd, "imageID", image,
                "size", 16 << 20, "volFormat", "COW", "preallocate", "SPARSE");
        Poll.until(STEP, "Volume.create job " + job, () -> "done".equals(api.okMap("Job.getStatus", "jobID", job)
                .get("status")) ? true : null);
        return volume;
    }

    @Test
    void aDiskAndANicArePluggedInAndOutWhileTheGuestRuns() throws Exception {
        String sd = UUID.randomUUID().toString();
        api.ok("StorageDomain.create", "storagedomainID", sd, "domainType", "localfs", "typeArgs",
                host.qemuReadableDirectory().toString(), "name", "devices", "domainClass", "data");
        String image = UUID.randomUUID().toString();
        String volume = newVolume(sd, image);
        String path = (String) api.okMap("Volume.getInfo", "storagedomainID", sd, "imageID", image, "volumeID",
                volume).get("path");

        String vmId = UUID.randomUUID().toString();
        String name = RealVmAgent.name("devices", vmId);
        host.track(host.systemUri(), name);
        try (EventWatch watch = api.watch("vm.status")) {
            api.ok("VM.create", "vmID", vmId, "vmParams", RealVmAgent.tinyGuest(host, vmId, name, "hb.shell=1"));
            awaitStatus(watch, vmId, "Up", BOOT);
            ConsoleCaller.Console console = ConsoleCaller.inMemory(agent).open(vmId, false);
            ConsoleCaller.awaitShell(console, BOOT);
            assertThat(inGuest(console, "ls /sys/block")).doesNotContain("vda");
            assertThat(inGuest(console, "cat /proc/modules")).as("the guest's virtio drivers").contains("virtio_blk",
                    "virtio_net", "virtio_pci");

            Map<String, Object> drive = Map.of("domainID", sd, "imageID", image, "volumeID", volume);
            Map<String, Object> plugged = api.okMap("VM.hotplugDisk", "vmID", vmId, "params", Map.of("drive", drive));
            Map<?, ?> pluggedDrive = (Map<?, ?>) ((List<?>) plugged.get("drives")).get(0);
            assertThat(((List<?>) plugged.get("drives"))).hasSize(1);
            assertThat(pluggedDrive.get("volumeID")).isEqualTo(volume);
            assertThat(pluggedDrive.get("name")).isEqualTo("vda");
            assertThat(virshOk(host.systemUri(), "domblklist", name)).containsPattern("vda\\s+" + path);
            awaitInGuest(console, "ls /sys/block", "vda", true);
            assertThat(api.call("Volume.delete", "storagedomainID", sd, "imageID", image, "volumeID", volume)
                    .message()).as("the plugged volume is in use").contains(vmId);
            assertThat(api.call("VM.hotplugDisk", "vmID", vmId, "params", Map.of("drive", drive)).code())
                    .as("the same volume twice").isEqualTo(5002);

            Map<String, Object> withNic = api.okMap("VM.hotplugNic", "vmID", vmId, "params",
                    Map.of("nic", Map.of("type", "user")));
            List<?> nics = (List<?>) withNic.get("nics");
            assertThat(nics).hasSize(2);
            String mac = (String) ((Map<?, ?>) nics.get(1)).get("macAddr");
            assertThat(virshOk(host.systemUri(), "domiflist", name)).contains(mac);
            awaitInGuest(console, "cat /sys/class/net/*/address", mac, true);

            Map<String, Object> unplugged = api.okMap("VM.hotunplugDisk", "vmID", vmId, "params",
                    Map.of("drive", drive));
            assertThat((List<?>) unplugged.get("drives")).isEmpty();
            assertThat(virshOk(host.systemUri(), "domblklist", name)).doesNotContain(path);
            awaitInGuest(console, "ls /sys/block", "vda", false);

            api.ok("VM.hotunplugNic", "vmID", vmId, "params", Map.of("nic", Map.of("type", "user", "macAddr", mac)));
            assertThat(virshOk(host.systemUri(), "domiflist", name)).doesNotContain(mac);
            awaitInGuest(console, "cat /sys/class/net/*/address", mac, false);
            assertThat(api.call("VM.hotunplugNic", "vmID", vmId, "params", Map.of("nic", Map.of("type", "user",
                    "macAddr", mac))).code()).as("gone already").isEqualTo(5002);

            // no longer in use: storage may delete it
            api.ok("Volume.delete", "storagedomainID", sd, "imageID", image, "volumeID", volume);
            api.ok("VM.destroy", "vmID", vmId);
            awaitStatus(watch, vmId, "Down", STEP);
        }
    }
}
