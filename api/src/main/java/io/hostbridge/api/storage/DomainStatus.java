package io.hostbridge.api.storage;

import io.hostbridge.api.annotation.ApiType;
import io.hostbridge.api.annotation.WireName;

/** Whether a domain's volumes may be used and changed. */
@ApiType(description = "Storage domain status: active (volumes may be used and changed) or inactive")
public enum DomainStatus {
    @WireName("active")
    ACTIVE,
    @WireName("inactive")
    INACTIVE
}
