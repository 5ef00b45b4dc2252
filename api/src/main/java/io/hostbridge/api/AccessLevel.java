package io.hostbridge.api;

/** How much a caller may do. Levels are ordered: each includes the ones before it. */
public enum AccessLevel {
    /**
     * Nothing: a caller the agent does not know. It may use only what authorizes itself (image data carries its
     * ticket); no verb is declared with this level.
     */
    NONE,
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
