package io.hostbridge.api.host;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.List;
import java.util.Map;

@ApiType(description = "The host's network as it is now (VDSM's VdsmNetworkCapabilities without its networks:"
        + " hostbridge does not configure host networks)")
public record NetworkCapabilities(
        @ApiField(description = "Physical NICs by name") Map<String, NicInfo> nics,
        @ApiField(description = "Bridges by name") Map<String, BridgeInfo> bridges,
        @ApiField(description = "Bonds by name") Map<String, BondInfo> bondings,
        @ApiField(description = "VLAN interfaces by name") Map<String, VlanInfo> vlans,
        @ApiField(description = "DNS servers of /etc/resolv.conf") List<String> nameservers,
        @ApiField(description = "True when the kernel has IPv6") boolean supportsIPv6) {
}
