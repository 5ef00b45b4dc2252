package io.hostbridge.api.host;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.Map;

@ApiType(description = "The host's network counters (VDSM's HostNetworkStatistics), read when asked")
public record NetworkStatistics(
        @ApiField(description = "Each interface's counters by name") Map<String, InterfaceStats> network,
        @ApiField(description = "Received packets dropped, all interfaces") long rxDropped,
        @ApiField(description = "Packets to send dropped, all interfaces") long txDropped) {
}
