package io.hostbridge.api.storage;

import io.hostbridge.api.annotation.ApiType;
import io.hostbridge.api.annotation.WireName;

/** Kind of storage behind a domain. */
@ApiType(description = "Storage domain type: localfs, a directory on the host (more types later)")
public enum DomainType {
    /** A directory on the host's own file system (VDSM's LOCALFS). */
    @WireName("localfs")
    LOCALFS
}
