package io.hostbridge.core.vm;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.vm.VmExit;
import io.hostbridge.api.vm.VmStatus;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VM.shutdown after its checks: asks the guest (now or after a delay), and when the guest is not down after the
 * grace time, reports it Up again or powers it off. A step that fails leaves the status libvirt reports.
 */
@Singleton
final class Shutdowns {
    private static final Logger LOG = LoggerFactory.getLogger(Shutdowns.class);
    private static final VmExit REQUESTED = new VmExit(0, "AdminShutdown", "Shut down by VM.shutdown");

    private final LibvirtConnection libvirt;
    private final Background background;
    private final Resync resync;
    private final VmTimeouts timeouts;

    @Inject
    Shutdowns(LibvirtConnection libvirt, Background background, Resync resync, VmTimeouts timeouts) {
        this.libvirt = libvirt;
        this.background = background;
        this.resync = resync;
        this.timeouts = timeouts;
    }

    void request(Vm vm, int delay, boolean reboot, long graceSeconds, boolean force) {
        if (delay > 0) {
            background.later(vm, delay, "the delayed shutdown", () -> now(vm, reboot, graceSeconds, force),
                    errorId -> resync.status(vm, "the shutdown failed"));
            return;
        }
        vm.queue().run(() -> {
            try {
                return now(vm, reboot, graceSeconds, force);
            } catch (LibvirtException | RuntimeException e) {
                resync.status(vm, "the shutdown failed"); // it may have been announced Powering down
                throw e;
            }
        }, timeouts.queueWait());
    }

    private Void now(Vm vm, boolean reboot, long graceSeconds, boolean force) throws LibvirtException {
        if (vm.removed() || !Vm.RUNNING.contains(vm.status())) {
            return null; // went down meanwhile
        }
        Domain domain = libvirt.call(c -> VmViews.domainOf(vm, c));
        if (domain == null) {
            return null;
        }
        if (reboot) {
            libvirt.call(c -> {
                domain.reboot(0);
                return null;
            });
            return null;
        }
        vm.expectExit(REQUESTED);
        vm.transition(VmStatus.POWERING_DOWN, "shutdown requested", null);
        libvirt.call(c -> {
            domain.shutdown();
            return null;
        });
        background.later(vm, graceSeconds, "the end of the shutdown's grace time",
                () -> afterGrace(vm, domain, graceSeconds, force),
                errorId -> resync.status(vm, "the forced power-off failed"));
        return null;
    }

    private Void afterGrace(Vm vm, Domain domain, long graceSeconds, boolean force) {
        if (vm.removed() || vm.status() != VmStatus.POWERING_DOWN) {
            return null;
        }
        if (!force) {
            vm.transition(VmStatus.UP, "the guest did not shut down within " + graceSeconds + " s", null);
            return null;
        }
        VmExit exit = new VmExit(0, "AdminShutdown", "Powered off: the guest did not shut down within "
                + graceSeconds + " s");
        vm.expectExit(exit);
        try {
            libvirt.call(c -> {
                Libvirt.ignoringGone(domain::destroy);
                return null;
            });
        } catch (LibvirtException | BridgeException e) {
            LOG.warn("VM {}: the forced power-off after the shutdown timeout failed: {}", vm.id(), Libvirt.message(e));
            vm.expectExit(REQUESTED); // not powered off: a later stop is the guest's answer to the shutdown
            resync.status(vm, "the forced power-off failed");
            return null;
        }
        vm.transition(VmStatus.DOWN, "forced off after the shutdown timeout", exit);
        return null;
    }
}
