package io.hostbridge.api.host;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

@ApiType(description = "Traffic of one network interface")
public record NicStats(
        @ApiField(description = "Receive rate over the window", unit = "bytes/s") double rxRate,
        @ApiField(description = "Transmit rate over the window", unit = "bytes/s") double txRate,
        @ApiField(description = "Bytes received since boot", unit = "bytes") long rxBytes,
        @ApiField(description = "Bytes sent since boot", unit = "bytes") long txBytes,
        @ApiField(description = "Receive errors since boot") long rxErrors,
        @ApiField(description = "Transmit errors since boot") long txErrors,
        @ApiField(description = "Receive drops since boot") long rxDropped,
        @ApiField(description = "Link speed; 0 when unknown", unit = "Mbit/s") long speed,
        @ApiField(description = "Operational state") String state) {
}
