package io.hostbridge.api.storage;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.UUID;

@ApiType(description = "A storage domain as its metadata describes it")
public record StorageDomainInfo(
        @ApiField(description = "Domain id") UUID uuid,
        @ApiField(description = "Name given at creation") String name,
        @ApiField(description = "Domain type") DomainType type,
        @ApiField(description = "Domain class", name = "class") DomainClass domainClass,
        @ApiField(description = "The directory given as typeArgs; the domain lives in <remotePath>/<uuid>")
        String remotePath,
        @ApiField(description = "Domain format version given at creation") int version,
        @ApiField(description = "Active or inactive") DomainStatus status) {
}
