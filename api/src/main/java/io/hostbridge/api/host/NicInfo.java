package io.hostbridge.api.host;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.List;

@ApiType(description = "A network interface of the host")
public record NicInfo(
        @ApiField(description = "MAC address") String hwaddr,
        @ApiField(description = "MTU", unit = "bytes") int mtu,
        @ApiField(description = "Link speed; 0 when unknown", unit = "Mbit/s") long speed,
        @ApiField(description = "IPv4 addresses with prefix length, e.g. 192.0.2.1/24") List<String> ipv4addrs,
        @ApiField(description = "IPv6 addresses with prefix length") List<String> ipv6addrs,
        @ApiField(description = "Operational state: up, down, unknown, …") String state) {
}
