package io.hostbridge.core.vm;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/** Calls on a running VM's libvirt domain, in the VM's turn, with libvirt's words kept off the wire. */
@Singleton
final class DomainCalls {
    /** A libvirt call on a domain with a result. */
    @FunctionalInterface
    interface DomainFunction<T> {
        T apply(Domain domain) throws LibvirtException;
    }

    private final LibvirtConnection libvirt;
    private final VmTimeouts timeouts;

    @Inject
    DomainCalls(LibvirtConnection libvirt, VmTimeouts timeouts) {
        this.libvirt = libvirt;
        this.timeouts = timeouts;
    }

    /**
     * Runs {@code call} on the VM's running domain, in the VM's turn: DOWN (6) when it does not run, 51 while it
     * migrates; a libvirt refusal is GENERAL (100) naming {@code verb}, with libvirt's words (which name domains and
     * host paths) left to the pipeline's log under an error id.
     */
    <T> T call(Vm vm, String verb, DomainFunction<T> call) {
        return vm.queue().run(() -> {
            VmViews.requireRunning(vm);
            try {
                return libvirt.call(c -> {
                    Domain domain = VmViews.domainOf(vm, c);
                    if (domain == null) {
                        throw BridgeException.of(ErrorCode.DOWN, "VM " + vm.id() + " is down");
                    }
                    return call.apply(domain);
                });
            } catch (LibvirtException e) {
                throw BridgeException.failure(ErrorCode.GENERAL, "libvirt refused " + verb + " of VM " + vm.id(), e);
            }
        }, timeouts.queueWait());
    }
}
