package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiType;
import io.hostbridge.api.annotation.WireName;

/** Status of a VM, spelled as VDSM reports it. */
@ApiType(description = "Status of a VM, as VDSM reports it")
public enum VmStatus {
    /** Accepted by the agent; the domain is not started yet. */
    @WireName("WaitForLaunch") WAIT_FOR_LAUNCH,
    /** The domain is being started by libvirt. */
    @WireName("Powering up") POWERING_UP,
    /** Running. */
    @WireName("Up") UP,
    /** Its vCPUs are stopped (paused by a caller, an I/O error, or libvirt). */
    @WireName("Paused") PAUSED,
    /** A shutdown was requested or the guest is shutting down. */
    @WireName("Powering down") POWERING_DOWN,
    /** Not running; exitCode, exitReason and exitMessage say why. */
    @WireName("Down") DOWN,
    /** Being migrated away from this host. */
    @WireName("Migration Source") MIGRATION_SOURCE,
    /** Expected to arrive on this host by migration. */
    @WireName("Migration Destination") MIGRATION_DESTINATION
}
