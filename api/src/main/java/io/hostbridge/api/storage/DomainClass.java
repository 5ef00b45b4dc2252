package io.hostbridge.api.storage;

import io.hostbridge.api.annotation.ApiType;
import io.hostbridge.api.annotation.WireName;

/** What a domain holds. */
@ApiType(description = "Storage domain class: data (VM disks, templates) or iso (installation media)")
public enum DomainClass {
    @WireName("data")
    DATA,
    @WireName("iso")
    ISO
}
