package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiType;
import io.hostbridge.api.annotation.WireName;

/** How a NIC reaches the network. */
@ApiType(description = "How a NIC reaches the network: user-mode networking, or a host bridge")
public enum NicType {
    @WireName("user") USER,
    @WireName("bridge") BRIDGE
}
