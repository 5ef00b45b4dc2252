package io.hostbridge.core.storage;

import io.hostbridge.api.storage.DomainClass;
import io.hostbridge.api.storage.DomainStatus;
import io.hostbridge.api.storage.DomainType;
import java.util.UUID;

/** A domain's {@code dom_md/metadata} file (JSON). */
record DomainMetadata(UUID uuid, String name, DomainType type, DomainClass domainClass, int version,
                      DomainStatus status, long ctime) {

    DomainMetadata withStatus(DomainStatus next) {
        return new DomainMetadata(uuid, name, type, domainClass, version, next, ctime);
    }

    DomainMetadata withName(String next) {
        return new DomainMetadata(uuid, next, type, domainClass, version, status, ctime);
    }
}
