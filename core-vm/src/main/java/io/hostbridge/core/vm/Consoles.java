package io.hostbridge.core.vm;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.Printable;
import io.hostbridge.api.spi.Lifecycle;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.libvirt.Domain;
import org.libvirt.Error;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VMs' serial consoles: who holds each one (one caller at a time), and opening one for {@code VM.openConsole}.
 * Opening runs in the VM's turn, so two openers of one VM are decided one after the other.
 */
@Singleton
final class Consoles implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(Consoles.class);

    private final LibvirtConnection libvirt;
    private final ConsoleOpener opener;
    private final VmThreads threads;
    private final VmTimeouts timeouts;
    private final Map<UUID, ConsoleSession> holders = new ConcurrentHashMap<>();

    @Inject
    Consoles(LibvirtConnection libvirt, ConsoleOpener opener, VmThreads threads, VmTimeouts timeouts) {
        this.libvirt = libvirt;
        this.opener = opener;
        this.threads = threads;
        this.timeouts = timeouts;
    }

    /**
     * Opens the console of {@code vm}: code 6 unless it runs, 5002 when it has no console (on a pty) or none named
     * {@code devname}, 5009 while another caller holds it and {@code force} is false; with {@code force} the holder's
     * stream ends with 5009 and this caller gets the console.
     */
    ConsoleSession open(Vm vm, String devname, boolean force) {
        return vm.queue().run(() -> {
            Domain domain = VmViews.running(vm, libvirt);
            checkDevice(vm, VmViews.devices(vm, domain, libvirt), devname);
            ConsoleSession holder = holders.get(vm.id());
            if (holder != null && !force) {
                throw BridgeException.of(ErrorCode.CONSOLE_BUSY, "The console of VM " + vm.id() + " is held by"
                        + " another caller; open it with force to take it");
            }
            if (holder != null) {
                // before libvirt's force ends the holder's stream, so that it fails as taken, not as broken
                LOG.info("VM {}: console taken from its holder (force)", vm.id());
                holder.takeOver();
            }
            DomainStream stream = connect(vm, domain, devname, force);
            ConsoleSession session = new ConsoleSession(vm, stream, threads.consoles(),
                    () -> VmViews.isRunning(vm, libvirt), this::released);
            holders.put(vm.id(), session);
            return session;
        }, timeouts.queueWait());
    }

    private static void checkDevice(Vm vm, DomainDevices devices, String devname) {
        if (devices.consoles().isEmpty()) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "vmID", "VM " + vm.id() + " has no serial"
                    + " console on a pty (it was created with console=false)");
        }
        if (devname != null && devices.console(devname) == null) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "devname", "VM " + vm.id() + " has no"
                    + " console '" + Printable.of(devname) + "'; " + (devices.names().isEmpty()
                    ? "its consoles have no names on this host: leave devname out"
                    : "its consoles: " + String.join(", ", devices.names())));
        }
    }

    /** libvirt's console stream, its refusals as the caller's errors. */
    private DomainStream connect(Vm vm, Domain domain, String devname, boolean force) {
        try {
            return libvirt.call(c -> opener.open(c, domain, devname, force));
        } catch (LibvirtException e) {
            Error.ErrorNumber code = e.getError() == null ? null : e.getError().getCode();
            if (code == Error.ErrorNumber.VIR_ERR_OPERATION_FAILED && !force) {
                // "Active console session exists": a client outside the agent (virsh console) holds it
                LOG.info("VM {}: libvirt refused its console: {}", vm.id(), Libvirt.message(e));
                throw BridgeException.of(ErrorCode.CONSOLE_BUSY, "The console of VM " + vm.id() + " is held by"
                        + " another libvirt client; open it with force to take it");
            }
            if (code == Error.ErrorNumber.VIR_ERR_NO_SUPPORT) {
                throw BridgeException.of(ErrorCode.GENERAL, "This host's libvirt driver has no consoles");
            }
            if (Libvirt.isGone(e) && !VmViews.isRunning(vm, libvirt)) {
                throw BridgeException.of(ErrorCode.DOWN, "VM " + vm.id() + " is down");
            }
            throw BridgeException.failure(ErrorCode.GENERAL, "libvirt could not open the console of VM " + vm.id(), e);
        }
    }

    private void released(ConsoleSession session) {
        holders.remove(session.vm().id(), session);
    }

    @Override
    public String name() {
        return "vm-consoles";
    }

    /** After the libvirt connection (phase 0), so consoles close before it does. */
    @Override
    public int phase() {
        return 10;
    }

    @Override
    public void start() {
        // consoles open on request
    }

    @Override
    public void stop() {
        holders.values().forEach(ConsoleSession::stop);
    }
}
