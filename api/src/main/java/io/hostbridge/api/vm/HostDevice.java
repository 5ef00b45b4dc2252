package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

@ApiType(description = "A host device (VDSM's HostDevice)")
public record HostDevice(@ApiField(description = "What the device is") HostDeviceParams params) {
}
