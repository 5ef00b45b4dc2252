package io.hostbridge.api.storage;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiVerb;
import io.hostbridge.api.annotation.RestMapping;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The Host verb that lists storage domains. */
@ApiNamespace(value = "Host", description = "The host: capabilities, hardware, statistics, health and events")
public interface HostStorageApi {

    @RestMapping(method = RestMapping.Method.GET, path = "/storage-domains")
    @ApiVerb(description = "Ids of the storage domains the host knows, optionally filtered", access = AccessLevel.READ,
            since = "0.2")
    List<UUID> getStorageDomains(
            @ApiParam(value = "storagepoolID", description = "Accepted for compatibility; there are no pools",
                    optional = true) UUID storagepoolID,
            @ApiParam(value = "domainClass", description = "Only domains of this class", optional = true)
            DomainClass domainClass,
            @ApiParam(value = "storageType", description = "Only domains of this type", optional = true)
            DomainType storageType);

    @RestMapping(method = RestMapping.Method.GET, path = "/host/storage-repo-stats")
    @ApiVerb(description = "Each domain's health (VDSM's repoStats): checked now, by reading its metadata and"
            + " checking that its directory is writable", access = AccessLevel.READ, since = "0.2")
    Map<String, StorageDomainVitals> getStorageRepoStats(
            @ApiParam(value = "domains", description = "Only these domains (unknown ids are left out, as VDSM)",
                    optional = true, maxItems = 1024) List<UUID> domains);
}
