package io.hostbridge.core.spi;

/**
 * How many VMs the host has, for {@code Host.getStats}. Implemented by the VM part of the core; optional, so
 * the Host namespace works without it.
 */
public interface VmCounts {

    /** A consistent count at one moment. */
    Counts counts();

    /**
     * @param count     VMs the agent knows, in any status
     * @param active    VMs that run
     * @param migrating VMs migrating to or from this host
     */
    record Counts(int count, int active, int migrating) {
    }
}
