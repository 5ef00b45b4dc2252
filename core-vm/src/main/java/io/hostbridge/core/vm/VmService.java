package io.hostbridge.core.vm;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.vm.MigrateParams;
import io.hostbridge.api.vm.MigrationStatus;
import io.hostbridge.api.vm.MigrationTarget;
import io.hostbridge.api.vm.VmApi;
import io.hostbridge.api.vm.VmExit;
import io.hostbridge.api.vm.VmInfo;
import io.hostbridge.api.vm.VmParams;
import io.hostbridge.api.vm.VmStats;
import io.hostbridge.api.vm.VmStatus;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.UUID;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The VM namespace on libvirt. */
@Singleton
public final class VmService implements VmApi {
    private static final Logger LOG = LoggerFactory.getLogger(VmService.class);

    private final VmRegistry registry;
    private final VmFactory factory;
    private final VmStore store;
    private final LibvirtConnection libvirt;
    private final StatsReader stats;
    private final Migrations migrations;
    private final Background background;
    private final Shutdowns shutdowns;
    private final VmSettings settings;
    private final VmTimeouts timeouts;
    private final MigrationDestinations destinations;
    private final DomainCalls domains;
    private final Drives drives;

    @Inject
    VmService(VmRegistry registry, VmFactory factory, VmStore store, LibvirtConnection libvirt, StatsReader stats,
              Migrations migrations, Background background, Shutdowns shutdowns, VmSettings settings,
              VmTimeouts timeouts, MigrationDestinations destinations, DomainCalls domains, Drives drives) {
        this.registry = registry;
        this.factory = factory;
        this.store = store;
        this.libvirt = libvirt;
        this.stats = stats;
        this.migrations = migrations;
        this.background = background;
        this.shutdowns = shutdowns;
        this.settings = settings;
        this.timeouts = timeouts;
        this.destinations = destinations;
        this.domains = domains;
        this.drives = drives;
    }

    @Override
    public VmInfo create(UUID vmID, VmParams vmParams) {
        Vm vm = factory.register(vmID, vmParams, VmStatus.WAIT_FOR_LAUNCH, "created", false);
        VmInfo accepted = VmViews.info(vm); // as accepted: the launch may change the status at once
        background.submit(vm, "the launch", () -> launch(vm, factory.xml(vm)), errorId -> launchFailed(vm, errorId));
        return accepted;
    }

    /** A launch libvirt refuses fails like any other: Background logs libvirt's words under an error id. */
    private Void launch(Vm vm, String xml) throws LibvirtException {
        if (vm.removed()) {
            return null;
        }
        vm.transition(VmStatus.POWERING_UP, "launching", null);
        String restore = vm.params().restoreState();
        Domain domain = restore == null ? libvirt.call(c -> c.domainCreateXML(xml, 0)) : restored(vm, restore);
        vm.domain(domain, System.nanoTime());
        return null;
    }

    /**
     * Starts the VM from a memory state VM.hibernate or a memory snapshot saved: the save file must be this VM's (its
     * XML names the VM's id), so that libvirt restores no other domain, and it starts on the VM's drives of now (a
     * memory snapshot's file names disks that are backing files since).
     */
    private Domain restored(Vm vm, String handle) throws LibvirtException {
        io.hostbridge.api.vm.VolumeHandle h = io.hostbridge.api.vm.VolumeHandle.parse(handle);
        java.nio.file.Path file = drives.volumePath(h.domainID(), h.imageID(), h.volumeID());
        return libvirt.call(c -> {
            String saved;
            try {
                saved = LibvirtNative.saveImageXml(c, file.toString());
            } catch (LibvirtException e) {
                throw BridgeException.failure(ErrorCode.CREATE_ERR, "Volume " + h.volumeID() + " holds no saved"
                        + " state libvirt can read", e);
            }
            String xml;
            try {
                if (!SaveImages.isOf(saved, vm.id())) {
                    throw BridgeException.forParameter(ErrorCode.CREATE_ERR, "vmParams.restoreState", "Volume "
                            + h.volumeID() + " holds no saved state of VM " + vm.id());
                }
                xml = SaveImages.onDrives(saved, vm.driveTargets(), vm.drivePaths());
            } catch (BridgeException e) {
                throw e;
            } catch (Exception e) {
                throw BridgeException.failure(ErrorCode.CREATE_ERR, "the saved state of VM " + vm.id()
                        + " cannot be read", e);
            }
            LibvirtNative.restore(c, file.toString(), xml);
            return c.domainLookupByUUIDString(vm.id().toString());
        });
    }

    /** After a launch failed: no domain of the VM left running, and the VM Down saying why (only the error id). */
    private void launchFailed(Vm vm, String errorId) {
        VmExit exit = new VmExit(1, "LaunchFailed", "The VM could not be started; the agent's log has the details"
                + " under error id " + errorId);
        vm.expectExit(exit); // a domain the launch left behind stops with this exit, not as "Destroyed"
        try {
            libvirt.call(c -> {
                Domain leftover = VmViews.domainOf(vm, c);
                if (leftover != null) {
                    Libvirt.ignoringGone(leftover::destroy);
                }
                return null;
            });
        } catch (LibvirtException | RuntimeException e) {
            LOG.warn("VM {}: after its failed launch, its domain could not be looked up or powered off: {}", vm.id(),
                    Libvirt.message(e));
        }
        vm.transition(VmStatus.DOWN, "launch failed", exit);
    }

    @Override
    public void destroy(UUID vmID) {
        Vm vm = registry.require(vmID);
        vm.queue().run(() -> {
            if (vm.removed()) {
                throw BridgeException.of(ErrorCode.NO_VM, "No VM with id " + vmID + " on this host");
            }
            VmExit exit = new VmExit(0, "Destroyed", "Destroyed by VM.destroy");
            vm.expectExit(exit);
            migrations.abandon(vm);
            if (Vm.RUNNING.contains(vm.status()) || vm.status() == VmStatus.MIGRATION_DESTINATION) {
                libvirt.call(c -> {
                    Domain domain = VmViews.domainOf(vm, c);
                    if (domain != null) {
                        Libvirt.ignoringGone(domain::destroy);
                    }
                    return null;
                });
            }
            vm.transition(VmStatus.DOWN, "destroyed", exit);
            registry.remove(vm);
            store.delete(vmID);
            return null;
        }, timeouts.queueWait());
    }

    @Override
    public void shutdown(UUID vmID, int delay, String message, boolean reboot, Integer timeout, boolean force) {
        Vm vm = registry.require(vmID);
        long graceSeconds = timeout != null ? timeout : settings.shutdownTimeout().toSeconds();
        vm.queue().run(() -> VmViews.requireRunning(vm), timeouts.queueWait());
        if (message != null) {
            LOG.info("VM {}: shutdown message for its users: {}", vmID, message);
        }
        shutdowns.request(vm, delay, reboot, graceSeconds, force);
    }

    @Override
    public void reset(UUID vmID) {
        Vm vm = registry.require(vmID);
        onDomain(vm, "reset", domain -> domain.reset());
    }

    @Override
    public void pause(UUID vmID) {
        Vm vm = registry.require(vmID);
        if (onDomain(vm, "pause", domain -> {
            if (vm.status() != VmStatus.PAUSED) {
                domain.suspend();
            }
        })) {
            confirm(vm, "pause", VmStatus.PAUSED);
        }
    }

    @Override
    public void cont(UUID vmID) {
        Vm vm = registry.require(vmID);
        if (onDomain(vm, "cont", domain -> {
            if (vm.status() == VmStatus.PAUSED) {
                domain.resume();
            }
        })) {
            confirm(vm, "cont", VmStatus.UP);
        }
    }

    /** Waits for libvirt's event confirming that {@code verb} took the VM to {@code wanted}; an error if it did not. */
    private void confirm(Vm vm, String verb, VmStatus wanted) {
        if (!vm.await(wanted, timeouts.confirm())) {
            throw BridgeException.of(ErrorCode.GENERAL, "VM " + vm.id() + ": libvirt accepted " + verb + ", but the"
                    + " status " + VmViews.wireName(wanted) + " was not confirmed within "
                    + VmTimeouts.words(timeouts.confirm()) + "; it is " + VmViews.wireName(vm.status()));
        }
    }

    /** Runs {@code action} on the VM's running domain, in the VM's turn. */
    private boolean onDomain(Vm vm, String verb, Libvirt.DomainAction action) {
        return domains.call(vm, verb, domain -> {
            action.apply(domain);
            return true;
        });
    }

    @Override
    public List<VmStats> getStats(UUID vmID) {
        return List.of(stats.read(registry.require(vmID)));
    }

    @Override
    public VmInfo getInfo(UUID vmID) {
        Vm vm = registry.require(vmID);
        VmViews.readConsolePath(vm, libvirt);
        return VmViews.info(vm);
    }

    @Override
    public MigrationStatus migrate(UUID vmID, MigrateParams params) {
        if (params.vmId() != null && !params.vmId().equals(vmID)) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "params.vmId",
                    "Invalid parameter 'params.vmId': must equal vmID when given");
        }
        if (params.dst() != null) {
            destinations.checkAgent(params.dst(), "params.dst");
        }
        if (params.dstUri() != null) {
            destinations.checkLibvirtUri(params.dstUri(), "params.dstUri");
        }
        return migrations.start(registry.require(vmID), params);
    }

    @Override
    public MigrationStatus getMigrationStatus(UUID vmID) {
        return migrations.status(registry.require(vmID));
    }

    @Override
    public void migrateCancel(UUID vmID) {
        migrations.cancel(registry.require(vmID));
    }

    @Override
    public MigrationTarget migrationCreate(UUID vmID, VmParams vmParams) {
        Vm vm = factory.register(vmID, vmParams, VmStatus.MIGRATION_DESTINATION, "incoming migration", true);
        return new MigrationTarget(vm.id(), settings.migrationUri(), vm.domainType());
    }
}
