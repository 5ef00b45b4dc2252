package io.hostbridge.api.host;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

/** VDSM's getHardwareInfo keys; a value the firmware does not provide is left out. */
@ApiType(description = "Hardware identification from the firmware")
public record HardwareInfo(
        @ApiField(description = "System manufacturer", optional = true) String systemManufacturer,
        @ApiField(description = "System product name", optional = true) String systemProductName,
        @ApiField(description = "System version", optional = true) String systemVersion,
        @ApiField(description = "System serial number", optional = true) String systemSerialNumber,
        @ApiField(description = "System UUID", optional = true) String systemUUID,
        @ApiField(description = "System family", optional = true) String systemFamily,
        @ApiField(description = "Baseboard manufacturer", optional = true) String baseboardManufacturer,
        @ApiField(description = "Baseboard model", optional = true) String baseboardModel,
        @ApiField(description = "Firmware (BIOS) vendor", optional = true) String firmwareManufacturer,
        @ApiField(description = "Firmware (BIOS) version", optional = true) String firmwareVersion) {
}
