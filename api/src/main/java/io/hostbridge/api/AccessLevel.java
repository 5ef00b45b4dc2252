package io.hostbridge.api;

/** How much a caller may do. Levels are ordered: each includes the ones before it. */
public enum AccessLevel {
    /** Query state; no change. */
    READ,
    /** Change VMs, storage and transfers. */
    WRITE,
    /** Host-level administration (tickets, configuration). */
    ADMIN;

    /** True when a caller holding this level may call a verb that requires {@code required}. */
    public boolean allows(AccessLevel required) {
        return compareTo(required) >= 0;
    }

    /** Lower-case name used in the schema. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
