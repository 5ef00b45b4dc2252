package io.hostbridge.core.vm;

import io.hostbridge.api.vm.VmExit;
import io.hostbridge.api.vm.VmStatus;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.libvirt.Connect;
import org.libvirt.DomainInfo;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a VM's status in line with what libvirt runs, after an operation failed half-way (the VM was announced
 * Powering down, but the shutdown or the power-off failed): the status must not promise what did not happen.
 */
@Singleton
final class Resync {
    private static final Logger LOG = LoggerFactory.getLogger(Resync.class);
    private static final VmExit LOST = new VmExit(1, "Lost", "libvirt no longer runs the VM");

    private final LibvirtConnection libvirt;

    @Inject
    Resync(LibvirtConnection libvirt) {
        this.libvirt = libvirt;
    }

    /** Reads the domain's state and moves the VM to the status it means, with {@code why} as the reason. */
    void status(Vm vm, String why) {
        DomainInfo info;
        try {
            info = libvirt.call(c -> info(c, vm));
        } catch (LibvirtException | RuntimeException e) {
            // libvirt's next event, or the reconciliation after a reconnection, renews it
            LOG.warn("VM {}: {}, and its state cannot be read from libvirt now: {}", vm.id(), why, Libvirt.message(e));
            return;
        }
        VmStatus status = info == null ? VmStatus.DOWN : StatusMapping.fromState(info.state);
        VmExit expected = vm.expectedExit();
        vm.transition(status, why, expected != null ? expected : LOST);
    }

    /** The domain's info by a new lookup (the VM's own handle may be what failed), or null when it is gone. */
    private static DomainInfo info(Connect c, Vm vm) throws LibvirtException {
        try {
            return c.domainLookupByUUIDString(vm.id().toString()).getInfo();
        } catch (LibvirtException e) {
            if (Libvirt.isNoDomain(e)) {
                return null;
            }
            throw e;
        }
    }
}
