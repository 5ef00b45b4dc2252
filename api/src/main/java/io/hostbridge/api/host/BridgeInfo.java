package io.hostbridge.api.host;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.List;

@ApiType(description = "A Linux bridge of the host (VDSM's NetInfoBridgedNetwork, the fields read here)")
public record BridgeInfo(
        @ApiField(description = "Interfaces enslaved to the bridge") List<String> ports,
        @ApiField(description = "Spanning tree: on or off") String stp,
        @ApiField(description = "The bridge as an interface: addresses, MTU, state") NicInfo link) {
}
