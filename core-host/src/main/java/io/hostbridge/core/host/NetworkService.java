package io.hostbridge.core.host;

import io.hostbridge.api.host.HostNetworkApi;
import io.hostbridge.api.host.InterfaceStats;
import io.hostbridge.api.host.NetworkStatistics;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.TreeMap;
import oshi.SystemInfo;

/** Host.getNetworkStatistics from OSHI and sysfs, read on each call. */
@Singleton
final class NetworkService implements HostNetworkApi {
    private final NetworkInterfaces interfaces;
    private final java.nio.file.Path sysNet;
    private final java.nio.file.Path proc;
    private final java.nio.file.Path resolvConf;

    @Inject
    NetworkService(SystemInfo system) {
        this(new NetworkInterfaces(system.getHardware()), java.nio.file.Path.of("/sys/class/net"),
                java.nio.file.Path.of("/proc"), java.nio.file.Path.of("/etc/resolv.conf"));
    }

    /** On other roots, for tests. */
    NetworkService(NetworkInterfaces interfaces, java.nio.file.Path sysNet, java.nio.file.Path proc,
                   java.nio.file.Path resolvConf) {
        this.interfaces = interfaces;
        this.sysNet = sysNet;
        this.proc = proc;
        this.resolvConf = resolvConf;
    }

    @Override
    public io.hostbridge.api.host.NetworkCapabilities getNetworkCapabilities() {
        Map<String, io.hostbridge.api.host.NicInfo> infos = interfaces.infos();
        Map<String, io.hostbridge.api.host.NicInfo> nics = new TreeMap<>();
        Map<String, io.hostbridge.api.host.BridgeInfo> bridges = new TreeMap<>();
        Map<String, io.hostbridge.api.host.BondInfo> bonds = new TreeMap<>();
        Map<String, io.hostbridge.api.host.VlanInfo> vlans = new TreeMap<>();
        Map<String, String[]> vlanConfig = vlanConfig();
        java.util.List<String> names = new java.util.ArrayList<>();
        try (var dirs = java.nio.file.Files.list(sysNet)) {
            dirs.forEach(p -> names.add(p.getFileName().toString()));
        } catch (java.io.IOException | SecurityException e) {
            // no sysfs: nothing to classify
        }
        java.util.Collections.sort(names);
        for (String name : names) {
            java.nio.file.Path dir = sysNet.resolve(name);
            io.hostbridge.api.host.NicInfo link = infos.getOrDefault(name, Nics.info(dir));
            String devtype = uevent(dir).getOrDefault("DEVTYPE", "");
            if (name.equals("lo")) {
                continue;
            } else if (java.nio.file.Files.isDirectory(dir.resolve("bridge")) || devtype.equals("bridge")) {
                bridges.put(name, new io.hostbridge.api.host.BridgeInfo(list(dir.resolve("brif")),
                        "0".equals(value(dir.resolve("bridge").resolve("stp_state"))) ? "off" : "on", link));
            } else if (java.nio.file.Files.isDirectory(dir.resolve("bonding")) || devtype.equals("bond")) {
                String slaves = value(dir.resolve("bonding").resolve("slaves"));
                bonds.put(name, new io.hostbridge.api.host.BondInfo(slaves.isEmpty() ? java.util.List.of()
                        : java.util.List.of(slaves.split("\\s+")), value(dir.resolve("bonding").resolve("mode")),
                        link));
            } else if (devtype.equals("vlan") || vlanConfig.containsKey(name)) {
                String[] v = vlanConfig.get(name);
                vlans.put(name, new io.hostbridge.api.host.VlanInfo(v == null ? null : v[1], v == null ? null
                        : Integer.valueOf(v[0]), link));
            } else if (java.nio.file.Files.exists(dir.resolve("device"))) {
                nics.put(name, link);
            }
        }
        return new io.hostbridge.api.host.NetworkCapabilities(nics, bridges, bonds, vlans, nameservers(),
                java.nio.file.Files.exists(proc.resolve("net").resolve("if_inet6")));
    }

    private static final java.util.regex.Pattern NOT_DISKS = java.util.regex.Pattern.compile("(loop|ram|zram|nbd).*");

    @Override
    public java.util.List<io.hostbridge.api.host.BlockDeviceInfo> getDeviceList(String storageType,
            java.util.List<String> guids, boolean checkStatus, boolean refresh) {
        java.nio.file.Path sysBlock = sysNet.getParent().getParent().resolve("block");
        java.util.List<io.hostbridge.api.host.BlockDeviceInfo> out = new java.util.ArrayList<>();
        for (String name : list(sysBlock)) {
            java.nio.file.Path dir = sysBlock.resolve(name);
            if (NOT_DISKS.matcher(name).matches()) {
                continue;
            }
            String serial = first(value(dir.resolve("serial")), value(dir.resolve("device").resolve("serial")));
            String wwid = first(value(dir.resolve("wwid")), value(dir.resolve("device").resolve("wwid")));
            String guid = first(wwid, serial, name);
            if (guids != null && !guids.isEmpty() && !guids.contains(guid) && !guids.contains(name)) {
                continue;
            }
            boolean partitioned = list(dir).stream().anyMatch(e -> e.startsWith(name)
                    && java.nio.file.Files.exists(dir.resolve(e).resolve("partition")));
            boolean held = !list(dir.resolve("holders")).isEmpty();
            out.add(new io.hostbridge.api.host.BlockDeviceInfo(guid, name, "local",
                    number(dir.resolve("size")) * 512, (int) number(dir.resolve("queue").resolve("logical_block_size")),
                    (int) number(dir.resolve("queue").resolve("physical_block_size")),
                    number(dir.resolve("queue").resolve("discard_max_bytes")), empty(value(dir.resolve("device")
                    .resolve("vendor"))), empty(value(dir.resolve("device").resolve("model"))), empty(serial),
                    empty(value(dir.resolve("device").resolve("rev"))), partitioned,
                    partitioned || held ? "used" : "free"));
        }
        return out;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "";
    }

    private static String empty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static long number(java.nio.file.Path file) {
        try {
            return Long.parseLong(value(file));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Map<String, String> uevent(java.nio.file.Path dir) {
        Map<String, String> out = new java.util.HashMap<>();
        for (String line : value(dir.resolve("uevent")).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }

    /** /proc/net/vlan/config: "name | id | device" lines after two header lines. */
    private Map<String, String[]> vlanConfig() {
        Map<String, String[]> out = new java.util.HashMap<>();
        String[] lines = value(proc.resolve("net").resolve("vlan").resolve("config")).split("\n");
        for (int i = 2; i < lines.length; i++) {
            String[] cells = lines[i].split("\\|");
            if (cells.length == 3 && cells[1].strip().matches("\\d+")) {
                out.put(cells[0].strip(), new String[] {cells[1].strip(), cells[2].strip()});
            }
        }
        return out;
    }

    private java.util.List<String> nameservers() {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String line : value(resolvConf).split("\n")) {
            String[] words = line.strip().split("\\s+");
            if (words.length >= 2 && words[0].equals("nameserver")) {
                out.add(words[1]);
            }
        }
        return out;
    }

    private static java.util.List<String> list(java.nio.file.Path dir) {
        try (var entries = java.nio.file.Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException | SecurityException e) {
            return java.util.List.of();
        }
    }

    /** A small file's content, stripped; "" when it cannot be read. */
    private static String value(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.readString(file).strip();
        } catch (java.io.IOException | SecurityException e) {
            return "";
        }
    }

    @Override
    public NetworkStatistics getNetworkStatistics() {
        double now = System.currentTimeMillis() / 1000.0;
        Map<String, InterfaceStats> network = new TreeMap<>();
        long rxDropped = 0;
        long txDropped = 0;
        for (NicSample n : interfaces.samples()) {
            network.put(n.name(), new InterfaceStats(n.name(), n.state(), n.rxBytes(), n.txBytes(), n.rxErrors(),
                    n.txErrors(), n.rxDropped(), n.txDropped(), n.speed(), now));
            rxDropped += n.rxDropped();
            txDropped += n.txDropped();
        }
        return new NetworkStatistics(network, rxDropped, txDropped);
    }
}
