package io.hostbridge.core.vm;

import io.hostbridge.api.vm.VmExit;
import io.hostbridge.api.vm.VmStatus;
import java.util.Locale;
import org.libvirt.DomainInfo.DomainState;
import org.libvirt.event.DomainEvent;
import org.libvirt.event.DomainEventType;
import org.libvirt.event.StartedDetail;
import org.libvirt.event.StoppedDetail;

/**
 * How libvirt's lifecycle events and domain states become VDSM's statuses. Pure functions, so the table can be
 * tested without libvirt.
 */
final class StatusMapping {

    /** A status change, with the reason and (for Down) the exit. */
    record Change(VmStatus status, String reason, VmExit exit) {
    }

    private StatusMapping() {
    }

    /**
     * The change a lifecycle event means, or null when it means none (DEFINED, UNDEFINED).
     *
     * @param current  the VM's status now
     * @param expected how the agent expects the domain to stop (a shutdown or forced power-off it asked for),
     *                 or null
     */
    static Change fromEvent(DomainEventType type, Enum<?> detail, VmStatus current, VmExit expected) {
        String reason = detail == null ? type.name().toLowerCase(Locale.ROOT)
                : detail.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        switch (type) {
            case STARTED:
                if (current == VmStatus.MIGRATION_DESTINATION && detail == StartedDetail.MIGRATED) {
                    // QEMU starts paused, waiting for the memory: the VM arrives when libvirt resumes it
                    return null;
                }
                if (current == VmStatus.MIGRATION_SOURCE) {
                    // a migrating source was started long ago: this is the boot's event delivered late
                    return null;
                }
                return new Change(VmStatus.UP, reason, null);
            case RESUMED:
                // a source resumes when its migration fails; the migration decides its status then
                return current == VmStatus.MIGRATION_SOURCE ? null : new Change(VmStatus.UP, reason, null);
            case SUSPENDED:
                if (current == VmStatus.MIGRATION_SOURCE) {
                    return null; // the last phase of a migration pauses the source: still migrating
                }
                return new Change(VmStatus.PAUSED, reason, null);
            case PMSUSPENDED:
                return new Change(VmStatus.PAUSED, "guest suspended itself", null);
            case SHUTDOWN:
                return new Change(VmStatus.POWERING_DOWN, "guest is shutting down", null);
            case STOPPED:
                return new Change(VmStatus.DOWN, reason, stopExit((StoppedDetail) detail, expected));
            case CRASHED:
                return new Change(VmStatus.DOWN, "crashed", new VmExit(1, "Crashed", "The guest crashed"));
            default:
                return null;
        }
    }

    static VmExit stopExit(StoppedDetail detail, VmExit expected) {
        if (detail == null) {
            return new VmExit(1, "Lost", "libvirt stopped the domain");
        }
        switch (detail) {
            case SHUTDOWN:
                return expected != null ? expected : new VmExit(0, "UserShutdown", "The guest shut itself down");
            case DESTROYED:
                return expected != null ? expected : new VmExit(0, "Destroyed", "The domain was powered off");
            case MIGRATED:
                return new VmExit(0, "MigrationSucceeded", "The VM migrated to another host");
            case CRASHED:
                return new VmExit(1, "Crashed", "The guest crashed");
            case SAVED:
                return expected != null ? expected : new VmExit(0, "Saved", "The domain was saved to a file");
            case FAILED:
                return new VmExit(1, "Failed", "The hypervisor failed (e.g. the QEMU process died)");
            default:
                return new VmExit(1, "Lost", "libvirt stopped the domain (" + detail + ")");
        }
    }

    /** The status a domain's state means, for recovery and reconnection (no event to go by). */
    static VmStatus fromState(DomainState state) {
        switch (state) {
            case VIR_DOMAIN_RUNNING:
            case VIR_DOMAIN_BLOCKED:
            case VIR_DOMAIN_NOSTATE:
                return VmStatus.UP;
            case VIR_DOMAIN_PAUSED:
            case VIR_DOMAIN_PMSUSPENDED:
                return VmStatus.PAUSED;
            case VIR_DOMAIN_SHUTDOWN:
                return VmStatus.POWERING_DOWN;
            default:
                return VmStatus.DOWN;
        }
    }

    /** The change an event object means (see {@link #fromEvent(DomainEventType, Enum, VmStatus, VmExit)}). */
    static Change fromEvent(DomainEvent event, VmStatus current, VmExit expected) {
        Object detail = event.getDetail();
        return fromEvent(event.getType(), detail instanceof Enum<?> e ? e : null, current, expected);
    }
}
