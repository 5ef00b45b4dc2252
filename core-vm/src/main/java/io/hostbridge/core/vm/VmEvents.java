package io.hostbridge.core.vm;

import io.hostbridge.api.EventPublisher;
import io.hostbridge.api.vm.MigrationStatus;
import io.hostbridge.api.vm.VmApi;
import io.hostbridge.api.vm.VmStatusEvent;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.event.DomainEvent;
import org.libvirt.event.LifecycleListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns libvirt's lifecycle events into VM status changes (and so {@code vm.status} events), on libvirt's event
 * loop thread. Events about domains this agent does not own (another agent's, libvirt's own) are ignored.
 */
@Singleton
final class VmEvents implements LibvirtConnection.Listener, LifecycleListener, org.libvirt.event.RebootListener {
    private static final Logger LOG = LoggerFactory.getLogger(VmEvents.class);

    private final VmRegistry registry;
    private final Provider<EventPublisher> publisher;

    /** @param publisher a provider: the publisher needs the bridge, which needs the VM implementations */
    @Inject
    VmEvents(VmRegistry registry, Provider<EventPublisher> publisher, LibvirtConnection connection) {
        this.registry = registry;
        this.publisher = publisher;
        connection.addListener(this);
    }

    @Override
    public void connected(Connect connect) throws LibvirtException {
        connect.addLifecycleListener(this);
        connect.addRebootListener(this);
    }

    /**
     * Both listeners go before the connection closes: libvirt may keep a closed connection open while objects of it
     * live (and go on delivering its events), while the binding's callbacks die with its {@code Connect} object: an
     * event for a callback that is gone crashes the JVM on the event loop's thread.
     */
    @Override
    public void closing(Connect connect) {
        try {
            connect.removeLifecycleListener(this);
        } catch (LibvirtException | RuntimeException e) {
            LOG.debug("removing the lifecycle listener failed", e);
        }
        removeRebootListener(connect, this);
    }

    /** {@code VIR_DOMAIN_EVENT_ID_REBOOT}. */
    private static final int EVENT_ID_REBOOT = 1;

    /**
     * The binding (0.5.4) has no removeRebootListener: its deregistration by event id, which every remove*Listener
     * uses, is private, so it is called by reflection.
     */
    static void removeRebootListener(Connect connect, org.libvirt.event.RebootListener listener) {
        try {
            java.lang.reflect.Method deregister = Connect.class.getDeclaredMethod("domainEventDeregister", int.class,
                    org.libvirt.event.EventListener.class);
            deregister.setAccessible(true);
            deregister.invoke(connect, EVENT_ID_REBOOT, listener);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("removing the reboot listener failed: {}", e.toString());
        }
    }

    @Override
    public int onLifecycleChange(Domain domain, DomainEvent event) {
        try {
            Vm vm = registry.find(domain.getUUIDString()).orElse(null);
            if (vm == null || vm.removed()) {
                return 0;
            }
            StatusMapping.Change change = StatusMapping.fromEvent(event, vm.status(), vm.expectedExit());
            LOG.debug("VM {}: libvirt event {} -> {}", vm.id(), event, change);
            if (change == null) {
                return 0;
            }
            if (change.status() == io.hostbridge.api.vm.VmStatus.UP && vm.domain() == null) {
                vm.domain(domain, System.nanoTime());
            }
            vm.transition(change.status(), change.reason(), change.exit());
        } catch (LibvirtException | RuntimeException e) {
            LOG.warn("handling libvirt event {} failed", event, e);
        }
        return 0;
    }

    /**
     * A guest rebooted: a VM that VM.setDestroyOnReboot marked is powered off (off the event loop's thread, in the VM's
     * turn) and ends Down with DestroyedOnReboot.
     */
    @Override
    public void onReboot(Domain domain) {
        try {
            Vm vm = registry.find(domain.getUUIDString()).orElse(null);
            if (vm == null || vm.removed() || !vm.destroyOnReboot()) {
                return;
            }
            vm.expectExit(new io.hostbridge.api.vm.VmExit(0, "DestroyedOnReboot", "The guest rebooted; the VM was"
                    + " powered off, as VM.setDestroyOnReboot asked"));
            LOG.info("VM {}: the guest rebooted; powering it off (destroy on reboot)", vm.id());
            vm.queue().submit(() -> {
                Libvirt.ignoringGone(domain::destroy);
                return null;
            });
        } catch (LibvirtException | RuntimeException e) {
            LOG.warn("handling a guest reboot failed", e);
        }
    }

    void status(VmStatusEvent event) {
        publisher.get().publish(VmApi.STATUS, event.vmId().toString(), event);
    }

    void migration(MigrationStatus status) {
        publisher.get().publish(VmApi.MIGRATION, status.vmId().toString(), status);
    }
}
