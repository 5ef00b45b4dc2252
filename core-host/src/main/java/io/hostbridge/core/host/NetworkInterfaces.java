package io.hostbridge.core.host;

import io.hostbridge.api.host.NicInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;

/**
 * Every network interface of the host. OSHI lists what Java's NetworkInterface lists, which leaves out
 * interfaces without an address: VM taps, bridge ports, unconfigured NICs, exactly what a virtualization
 * host has many of. Those are read from sysfs.
 */
final class NetworkInterfaces {

    private static final Path SYS_NET = Path.of("/sys/class/net");

    private final HardwareAbstractionLayer hardware;

    NetworkInterfaces(HardwareAbstractionLayer hardware) {
        this.hardware = hardware;
    }

    Map<String, NicInfo> infos() {
        Map<String, NicInfo> infos = new TreeMap<>();
        for (NetworkIF nic : hardware.getNetworkIFs(true)) {
            infos.put(nic.getName(), Nics.info(nic));
        }
        for (String name : addressless(infos.keySet())) {
            infos.put(name, Nics.info(SYS_NET.resolve(name)));
        }
        return infos;
    }

    /**
     * Fresh counters of every interface. A new OSHI list each time: NetworkIF objects are mutable, so sharing
     * them between concurrent callers would need a lock, and listing costs about what refreshing does.
     */
    List<NicSample> samples() {
        List<NicSample> samples = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (NetworkIF nic : hardware.getNetworkIFs(true)) {
            samples.add(Nics.sample(nic));
            seen.add(nic.getName());
        }
        for (String name : addressless(seen)) {
            samples.add(Nics.sample(SYS_NET.resolve(name)));
        }
        return samples;
    }

    /** Interfaces in sysfs that OSHI did not list; none where there is no sysfs. */
    private static List<String> addressless(Set<String> listed) {
        try (Stream<Path> entries = Files.list(SYS_NET)) {
            return entries.map(p -> p.getFileName().toString()).filter(name -> !listed.contains(name)).sorted().toList();
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }
}
