package io.hostbridge.api.host;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

@ApiType(description = "Counters of one network interface (VDSM's HostNetworkInterfaceStats)")
public record InterfaceStats(
        @ApiField(description = "Interface name") String name,
        @ApiField(description = "Operational state: up, down, unknown, ...") String state,
        @ApiField(description = "Bytes received since boot", unit = "bytes") long rx,
        @ApiField(description = "Bytes sent since boot", unit = "bytes") long tx,
        @ApiField(description = "Receive errors since boot") long rxErrors,
        @ApiField(description = "Transmit errors since boot") long txErrors,
        @ApiField(description = "Received packets dropped since boot") long rxDropped,
        @ApiField(description = "Packets to send dropped since boot") long txDropped,
        @ApiField(description = "Link speed; 0 when unknown", unit = "Mbit/s") long speed,
        @ApiField(description = "When the counters were read, seconds since the epoch", unit = "s")
        double sampleTime) {
}
