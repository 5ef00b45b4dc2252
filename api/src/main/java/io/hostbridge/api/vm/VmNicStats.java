package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

/** Traffic counters of one NIC since the VM started, as the host side of the NIC sees them. */
@ApiType(description = "Traffic counters of one NIC since the VM started")
public record VmNicStats(
        @ApiField(description = "Host-side device name, when there is one", optional = true) String name,
        @ApiField(description = "Bytes received by the guest", unit = "bytes") long rxBytes,
        @ApiField(description = "Packets received by the guest") long rxPackets,
        @ApiField(description = "Receive errors") long rxErrors,
        @ApiField(description = "Received packets dropped") long rxDropped,
        @ApiField(description = "Bytes sent by the guest", unit = "bytes") long txBytes,
        @ApiField(description = "Packets sent by the guest") long txPackets,
        @ApiField(description = "Send errors") long txErrors,
        @ApiField(description = "Sent packets dropped") long txDropped) {
}
