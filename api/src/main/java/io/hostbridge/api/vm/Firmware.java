package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiType;
import io.hostbridge.api.annotation.WireName;

/** The firmware a VM boots with. */
@ApiType(description = "Firmware: bios (SeaBIOS) or efi (OVMF, without secure boot; its variables kept per VM)")
public enum Firmware {
    @WireName("bios") BIOS,
    @WireName("efi") EFI
}
