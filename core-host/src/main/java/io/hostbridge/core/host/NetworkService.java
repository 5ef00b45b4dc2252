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

    @Inject
    NetworkService(SystemInfo system) {
        this.interfaces = new NetworkInterfaces(system.getHardware());
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
