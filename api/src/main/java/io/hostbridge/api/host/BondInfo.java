package io.hostbridge.api.host;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.List;

@ApiType(description = "A bond of the host (VDSM's NetInfoBond, the fields read here)")
public record BondInfo(
        @ApiField(description = "Its slave interfaces") List<String> slaves,
        @ApiField(description = "Bonding mode, as the kernel names it (e.g. active-backup 1)") String mode,
        @ApiField(description = "The bond as an interface: addresses, MTU, state") NicInfo link) {
}
