package io.hostbridge.api.host;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

@ApiType(description = "A VLAN interface of the host (VDSM's NetInfoVlan, the fields read here)")
public record VlanInfo(
        @ApiField(description = "The interface it tags traffic on", optional = true) String iface,
        @ApiField(description = "VLAN id", optional = true) Integer vlanid,
        @ApiField(description = "The VLAN as an interface: addresses, MTU, state") NicInfo link) {
}
