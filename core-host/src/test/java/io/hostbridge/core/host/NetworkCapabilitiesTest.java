package io.hostbridge.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.host.NetworkCapabilities;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import oshi.SystemInfo;

/** Host.getNetworkCapabilities over a sysfs and proc laid out as the kernel lays them out, and over the real host. */
class NetworkCapabilitiesTest {
    @TempDir
    Path root;

    private static void write(Path file, String content) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content + "\n");
    }

    private static void iface(Path net, String name, String mac) throws Exception {
        write(net.resolve(name).resolve("address"), mac);
        write(net.resolve(name).resolve("mtu"), "1500");
        write(net.resolve(name).resolve("operstate"), "up");
        write(net.resolve(name).resolve("uevent"), "INTERFACE=" + name);
    }

    @Test
    void nicsBridgesBondsAndVlansAreToldApart() throws Exception {
        Path net = root.resolve("sys/class/net");
        iface(net, "hbnic0", "52:54:00:00:00:01");
        Files.createDirectories(net.resolve("hbnic0").resolve("device"));
        iface(net, "hbbr0", "52:54:00:00:00:02");
        write(net.resolve("hbbr0/bridge/stp_state"), "0");
        Files.createDirectories(net.resolve("hbbr0/brif/hbnic0"));
        iface(net, "hbbond0", "52:54:00:00:00:03");
        write(net.resolve("hbbond0/bonding/slaves"), "hbnic1 hbnic2");
        write(net.resolve("hbbond0/bonding/mode"), "active-backup 1");
        iface(net, "hbnic0.42", "52:54:00:00:00:01");
        write(net.resolve("hbnic0.42/uevent"), "DEVTYPE=vlan\nINTERFACE=hbnic0.42");
        iface(net, "hbveth0", "52:54:00:00:00:04"); // virtual, no device: not a NIC
        write(root.resolve("proc/net/vlan/config"), "VLAN Dev name | VLAN ID\nName-Type: VLAN_NAME_TYPE_RAW_PLUS_VID_NO_PAD\n"
                + "hbnic0.42      | 42  | hbnic0");
        write(root.resolve("proc/net/if_inet6"), "");
        write(root.resolve("resolv.conf"), "# generated\nsearch example.org\nnameserver 192.0.2.53\nnameserver 2001:db8::53");

        NetworkCapabilities caps = new NetworkService(new NetworkInterfaces(new SystemInfo().getHardware()), net,
                root.resolve("proc"), root.resolve("resolv.conf")).getNetworkCapabilities();
        assertThat(caps.nics()).containsOnlyKeys("hbnic0");
        assertThat(caps.nics().get("hbnic0").hwaddr()).isEqualTo("52:54:00:00:00:01");
        assertThat(caps.bridges()).containsOnlyKeys("hbbr0");
        assertThat(caps.bridges().get("hbbr0").ports()).containsExactly("hbnic0");
        assertThat(caps.bridges().get("hbbr0").stp()).isEqualTo("off");
        assertThat(caps.bondings().get("hbbond0").slaves()).containsExactly("hbnic1", "hbnic2");
        assertThat(caps.bondings().get("hbbond0").mode()).isEqualTo("active-backup 1");
        assertThat(caps.vlans().get("hbnic0.42").vlanid()).isEqualTo(42);
        assertThat(caps.vlans().get("hbnic0.42").iface()).isEqualTo("hbnic0");
        assertThat(caps.nameservers()).containsExactly("192.0.2.53", "2001:db8::53");
        assertThat(caps.supportsIPv6()).isTrue();
    }

    /** This host's own: what the kernel shows, without loopback. */
    @Test
    void theRealHostsNetwork() throws Exception {
        NetworkCapabilities caps = new NetworkService(new SystemInfo()).getNetworkCapabilities();
        assertThat(caps.nics()).doesNotContainKey("lo");
        assertThat(caps.supportsIPv6()).isEqualTo(Files.exists(Path.of("/proc/net/if_inet6")));
        try (var entries = Files.list(Path.of("/sys/class/net"))) {
            entries.filter(p -> Files.exists(p.resolve("device")) && !Files.isDirectory(p.resolve("bridge"))
                    && !Files.isDirectory(p.resolve("bonding"))).forEach(p ->
                    assertThat(caps.nics()).containsKey(p.getFileName().toString()));
        }
    }

    @Test
    void localDisksComeFromSysfsAndSkipVirtualOnes() throws Exception {
        Path block = root.resolve("sys/block");
        write(block.resolve("sdb/size"), "2097152");
        write(block.resolve("sdb/queue/logical_block_size"), "512");
        write(block.resolve("sdb/queue/physical_block_size"), "4096");
        write(block.resolve("sdb/queue/discard_max_bytes"), "2147450880");
        write(block.resolve("sdb/device/vendor"), "ATA");
        write(block.resolve("sdb/device/model"), "HB-DISK");
        write(block.resolve("sdb/device/wwid"), "naa.5000c500a1b2c3d4");
        write(block.resolve("sdb/sdb1/partition"), "1");
        write(block.resolve("vdc/size"), "2048");
        Files.createDirectories(block.resolve("vdc/holders/dm-0"));
        write(block.resolve("loop0/size"), "0");
        Files.createDirectories(root.resolve("sys/class/net"));
        NetworkService service = new NetworkService(new NetworkInterfaces(new SystemInfo().getHardware()),
                root.resolve("sys/class/net"), root.resolve("proc"), root.resolve("resolv.conf"));
        java.util.List<io.hostbridge.api.host.BlockDeviceInfo> disks = service.getDeviceList(null, null, true, false);
        assertThat(disks).extracting(io.hostbridge.api.host.BlockDeviceInfo::name).containsExactly("sdb", "vdc");
        io.hostbridge.api.host.BlockDeviceInfo sdb = disks.get(0);
        assertThat(sdb.guid()).isEqualTo("naa.5000c500a1b2c3d4");
        assertThat(sdb.capacity()).isEqualTo(1L << 30);
        assertThat(sdb.physicalblocksize()).isEqualTo(4096);
        assertThat(sdb.partitioned()).isTrue();
        assertThat(sdb.status()).isEqualTo("used");
        assertThat(disks.get(1).status()).as("held by dm-0").isEqualTo("used");
        assertThat(service.getDeviceList(null, java.util.List.of("vdc"), true, false)).hasSize(1);
    }
}
