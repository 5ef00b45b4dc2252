package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

@ApiType(description = "What VM.updateDevice changes (VDSM's vmUpdateInterfaceDeviceParams, for a NIC named by its"
        + " MAC address)")
public record UpdateDeviceParams(
        @ApiField(description = "The kind of device: interface (the only one supported)", maxLength = 16)
        String deviceType,
        @ApiField(description = "The NIC's MAC address", maxLength = 17) String macAddr,
        @ApiField(description = "Link up (true) or down (false), as the guest sees its cable", optional = true)
        Boolean linkActive) {

    public UpdateDeviceParams {
        if (!"interface".equals(deviceType)) {
            throw new IllegalArgumentException("'deviceType' must be interface (the only device updated here)");
        }
        if (linkActive == null) {
            throw new IllegalArgumentException("nothing to update: give linkActive");
        }
    }
}
