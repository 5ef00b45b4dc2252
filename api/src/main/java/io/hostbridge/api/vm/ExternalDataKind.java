package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiType;
import io.hostbridge.api.annotation.WireName;

/** What VM.getExternalData reads (VDSM's ExternalDataKind). */
@ApiType(description = "A VM's data kept outside its disks: its TPM's state, or its UEFI variables (NVRAM)")
public enum ExternalDataKind {
    @WireName("tpm") TPM,
    @WireName("nvram") NVRAM
}
