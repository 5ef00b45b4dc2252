package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

@ApiType(description = "What VM.updateDevice changes (VDSM's vmUpdateDeviceParams): a NIC named by its MAC address"
        + " (interface: its link state, its network), or a CD-ROM's or floppy's medium (disk)")
public record UpdateDeviceParams(
        @ApiField(description = "The kind of device: interface or disk", maxLength = 16) String deviceType,
        @ApiField(description = "interface: the NIC's MAC address", optional = true, maxLength = 17) String macAddr,
        @ApiField(description = "interface: link up (true) or down (false), as the guest sees its cable",
                optional = true) Boolean linkActive,
        @ApiField(description = "interface: the host bridge a bridge NIC moves to, live", optional = true,
                maxLength = 15) String network,
        @ApiField(description = "disk: the new medium (or an empty path to eject); its name picks the drive, else"
                + " the VM's first CD-ROM", optional = true) CdromSpec driveSpec) {

    public UpdateDeviceParams {
        switch (deviceType) {
            case "interface" -> {
                if (macAddr == null) {
                    throw new IllegalArgumentException("an interface update names the NIC by 'macAddr'");
                }
                if (linkActive == null && network == null) {
                    throw new IllegalArgumentException("nothing to update: give linkActive or network");
                }
                if (driveSpec != null) {
                    throw new IllegalArgumentException("'driveSpec' is for deviceType disk");
                }
                if (network != null) {
                    new VmNic(NicType.BRIDGE, network, null, null); // the same rules as a bridge's name
                }
            }
            case "disk" -> {
                if (driveSpec == null) {
                    throw new IllegalArgumentException("a disk update needs 'driveSpec'");
                }
                if (macAddr != null || linkActive != null || network != null) {
                    throw new IllegalArgumentException("'macAddr', 'linkActive' and 'network' are for deviceType"
                            + " interface");
                }
            }
            default -> throw new IllegalArgumentException("'deviceType' must be interface or disk");
        }
    }
}
