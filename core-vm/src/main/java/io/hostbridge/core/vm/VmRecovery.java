package io.hostbridge.core.vm;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.spi.CallGate;
import io.hostbridge.api.spi.Lifecycle;
import io.hostbridge.api.vm.VmExit;
import io.hostbridge.api.vm.VmStatus;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the agent's VMs after a start, from the records in the state directory and what libvirt still runs,
 * and keeps them in step with libvirt after a reconnection. Until recovery ends, every call but a few
 * (declared {@code servedDuringRecovery}: liveness, health, host facts and statistics — whose VM counts cover the
 * VMs recovered so far — and event polling, which touch no VM) fails at once with code 99, as VDSM does; recovery waits for libvirt when it is
 * unreachable. VMs whose domain libvirt no longer has come back Down (exit reason Lost) for the caller to
 * destroy.
 */
@Singleton
final class VmRecovery implements Lifecycle, CallGate, LibvirtConnection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(VmRecovery.class);

    private final VmStore store;
    private final VmRegistry registry;
    private final VmFactory factory;
    private final LibvirtConnection libvirt;
    private final Object connectedSignal = new Object();
    private final AtomicInteger recovered = new AtomicInteger();
    private volatile boolean recovering = true;
    private volatile int total = -1;
    private Thread thread;

    @Inject
    VmRecovery(VmStore store, VmRegistry registry, VmFactory factory, LibvirtConnection libvirt) {
        this.store = store;
        this.registry = registry;
        this.factory = factory;
        this.libvirt = libvirt;
        libvirt.addListener(this);
    }

    @Override
    public String name() {
        return "vm-recovery";
    }

    /** After the libvirt connection (phase 0), before the listeners (100). */
    @Override
    public int phase() {
        return 10;
    }

    @Override
    public void start() {
        thread = new Thread(this::recover, "vm-recovery");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public void check(String verb) {
        if (recovering) {
            int all = total;
            throw BridgeException.of(ErrorCode.RECOVERY, "The agent is recovering its VMs after a start"
                    + (all < 0 ? "" : " (" + recovered.get() + " of " + all + " done)") + "; try again shortly");
        }
    }

    private void recover() {
        try {
            List<UUID> ids = store.ids();
            total = ids.size();
            if (!ids.isEmpty()) {
                awaitLibvirt();
            }
            for (UUID id : ids) {
                recoverOne(id);
                recovered.incrementAndGet();
            }
            LOG.info("recovered {} VMs", ids.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (IOException | RuntimeException e) {
            LOG.error("VM recovery failed; serving without the VMs not recovered", e);
        }
        recovering = false;
    }

    private void recoverOne(UUID id) throws InterruptedException {
        VmStore.Record record;
        try {
            record = store.read(id);
        } catch (IOException | RuntimeException e) {
            LOG.error("VM {}: its record in the state directory is unreadable; not recovered", id, e);
            return;
        }
        Vm vm = factory.vm(record, factory.drives(record.params()), record.incoming()
                ? VmStatus.MIGRATION_DESTINATION : VmStatus.WAIT_FOR_LAUNCH);
        while (true) {
            try {
                libvirt.call(c -> {
                    reconcile(vm, c, true);
                    return null;
                });
                break;
            } catch (LibvirtException | BridgeException e) {
                if (e instanceof BridgeException b && b.error() != ErrorCode.UNAVAILABLE) {
                    throw b;
                }
                LOG.warn("VM {}: cannot read its domain yet: {}", id, e.getMessage());
                awaitLibvirt();
            }
        }
        registry.add(vm); // its status event went out with the reconciling transition
    }

    /** Brings the VM's status in line with its domain (recovery, or after a reconnection). */
    private void reconcile(Vm vm, Connect c, boolean fresh) throws LibvirtException {
        Domain domain = VmViews.domainOf(vm, c);
        DomainInfo info = null;
        if (domain != null) {
            try {
                info = domain.getInfo();
            } catch (LibvirtException e) {
                if (!Libvirt.isNoDomain(e)) {
                    throw e;
                }
            }
        }
        VmStatus status = info == null ? VmStatus.DOWN : StatusMapping.fromState(info.state);
        if (status == VmStatus.DOWN) {
            if (vm.status() == VmStatus.MIGRATION_DESTINATION && !fresh) {
                return; // still expected
            }
            vm.transition(VmStatus.DOWN, fresh ? "recovered" : "reconnected", new VmExit(1, "Lost",
                    "libvirt no longer runs the VM (it stopped while the agent " + (fresh ? "was down)"
                            : "was disconnected from libvirt)")));
            return;
        }
        vm.domain(domain, System.nanoTime());
        vm.transition(status, fresh ? "recovered" : "reconnected", null);
    }

    /** On a reconnection: renew every running VM's status from libvirt (events may have been missed). */
    @Override
    public void connected(Connect connect) {
        synchronized (connectedSignal) {
            connectedSignal.notifyAll();
        }
        if (recovering) {
            return;
        }
        for (Vm vm : registry.all()) {
            if (Vm.RUNNING.contains(vm.status())) {
                try {
                    reconcile(vm, connect, false);
                } catch (LibvirtException | RuntimeException e) {
                    LOG.warn("VM {}: cannot renew its status after reconnecting", vm.id(), e);
                }
            }
        }
    }

    private void awaitLibvirt() throws InterruptedException {
        synchronized (connectedSignal) {
            while (!libvirt.connected()) {
                connectedSignal.wait(1000);
            }
        }
    }
}
