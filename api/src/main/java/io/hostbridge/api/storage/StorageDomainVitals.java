package io.hostbridge.api.storage;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

@ApiType(description = "A storage domain's health as Host.getStorageRepoStats reports it (VDSM's StorageDomainVitals)."
        + " hostbridge checks a domain when asked: it reads the domain's metadata and checks that its directory"
        + " is writable")
public record StorageDomainVitals(
        @ApiField(description = "True for an active domain: a localfs domain needs no lockspace, so VMs may use it"
                + " whenever it is active") boolean acquired,
        @ApiField(description = "Always true: the result is the check just made") boolean actual,
        @ApiField(description = "Seconds since the check, as a decimal string (VDSM's format)") String lastCheck,
        @ApiField(description = "True when the domain can be read and written") boolean valid,
        @ApiField(description = "0 when valid, otherwise the VDSM error code of the failure") int code,
        @ApiField(description = "Domain format version") int version,
        @ApiField(description = "Seconds the metadata read took, as a decimal string (VDSM's format)") String delay) {
}
