package io.hostbridge.core.vm;

import io.hostbridge.api.vm.VmExit;
import io.hostbridge.api.vm.VmStatus;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * VM.shutdown after its checks: asks the guest (now or after a delay), and when the guest is not down after the
 * grace time, reports it Up again or powers it off. A step that fails leaves the status libvirt reports.
 */
@Singleton
final class Shutdowns {
    private static final VmExit REQUESTED = new VmExit(0, "AdminShutdown", "Shut down by VM.shutdown");

    private final LibvirtConnection libvirt;
    private final Background background;
    private final Resync resync;
    private final VmTimeouts timeouts;
    private final VmThreads threads;

    @Inject
    Shutdowns(LibvirtConnection libvirt, Background background, Resync resync, VmTimeouts timeouts,
              VmThreads threads) {
        this.libvirt = libvirt;
        this.background = background;
        this.resync = resync;
        this.timeouts = timeouts;
        this.threads = threads;
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
        threads.scheduler().schedule(() -> vm.queue().submit(() -> afterGrace(vm, domain, graceSeconds, force)),
                graceSeconds, TimeUnit.SECONDS);
        return null;
    }

    private Void afterGrace(Vm vm, Domain domain, long graceSeconds, boolean force) throws LibvirtException {
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
        libvirt.call(c -> {
            Libvirt.ignoringGone(domain::destroy);
            return null;
        });
        vm.transition(VmStatus.DOWN, "forced off after the shutdown timeout", exit);
        return null;
    }
}
