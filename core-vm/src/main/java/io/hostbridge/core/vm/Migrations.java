package io.hostbridge.core.vm;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.vm.MigrateParams;
import io.hostbridge.api.vm.MigrationStatus;
import io.hostbridge.api.vm.MigrationTarget;
import io.hostbridge.api.vm.VmExit;
import io.hostbridge.api.vm.VmStatus;
import io.hostbridge.bridge.ErrorIds;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainJobInfo;
import org.libvirt.Error;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live migration of VMs away from this host through libvirt. The migration runs on its own thread (not in the
 * VM's operation queue, so that getMigrationStatus and migrateCancel are served meanwhile); progress comes from
 * libvirt's job info about every half second and is published as {@code vm.migration} events.
 */
@Singleton
final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    private static final long VIR_MIGRATE_LIVE = 1;
    private static final long VIR_MIGRATE_PEER2PEER = 2;
    private static final long VIR_MIGRATE_TUNNELLED = 4;
    private static final long PROGRESS_MILLIS = 500;

    private final LibvirtConnection libvirt;
    private final VmThreads threads;
    private final VmEvents events;
    private final RemoteAgent remote;
    private final VmTimeouts timeouts;
    private final MigrationDestinations destinations;
    private final ConcurrentMap<UUID, Running> running = new ConcurrentHashMap<>();

    /** One outgoing migration. */
    private static final class Running {
        final Domain domain;
        volatile boolean cancelled;
        volatile boolean downtimeSet;

        Running(Domain domain) {
            this.domain = domain;
        }
    }

    @Inject
    Migrations(LibvirtConnection libvirt, VmThreads threads, VmEvents events, RemoteAgent remote,
               VmTimeouts timeouts, MigrationDestinations destinations) {
        this.libvirt = libvirt;
        this.threads = threads;
        this.events = events;
        this.remote = remote;
        this.timeouts = timeouts;
        this.destinations = destinations;
    }

    MigrationStatus start(Vm vm, MigrateParams params) {
        return vm.queue().run(() -> {
            VmViews.requireRunning(vm);
            if (vm.status() != VmStatus.UP && vm.status() != VmStatus.PAUSED) {
                throw BridgeException.of(ErrorCode.MIGRATE_ERR, "VM " + vm.id() + " is " + vm.status()
                        + "; only an Up or Paused VM can migrate");
            }
            if ("test".equals(vm.domainType()) || "TEST".equalsIgnoreCase(libvirt.driverType())) {
                throw BridgeException.of(ErrorCode.MIGRATE_ERR, "libvirt's test driver cannot migrate VMs; migration"
                        + " needs QEMU (e.g. vm.libvirtUri: qemu:///system)");
            }
            Domain domain = libvirt.call(c -> VmViews.domainOf(vm, c));
            if (domain == null) {
                throw BridgeException.of(ErrorCode.DOWN, "VM " + vm.id() + " is down");
            }
            Running migration = new Running(domain);
            running.put(vm.id(), migration);
            vm.transition(VmStatus.MIGRATION_SOURCE, "migration started", null);
            MigrationStatus started = publish(vm, "started", 0, params.dstUri(), null, null);
            threads.migrations().execute(() -> run(vm, params, migration));
            return started;
        }, timeouts.queueWait());
    }

    MigrationStatus status(Vm vm) {
        MigrationStatus status = vm.migration();
        return status != null ? status : new MigrationStatus(vm.id(), "none", 0, null, null, null, null, null);
    }

    void cancel(Vm vm) {
        Running migration = running.get(vm.id());
        if (migration == null) {
            throw BridgeException.of(ErrorCode.MIGRATE_ERR, "No migration of VM " + vm.id() + " is in progress");
        }
        migration.cancelled = true;
        try {
            libvirt.call(c -> migration.domain.abortJob());
        } catch (LibvirtException e) {
            throw BridgeException.failure(ErrorCode.MIGRATE_ERR, "libvirt could not cancel the migration of VM "
                    + vm.id(), e);
        }
    }

    /** Cancels a running migration of a VM being destroyed, quietly. */
    void abandon(Vm vm) {
        Running migration = running.get(vm.id());
        if (migration != null) {
            migration.cancelled = true;
            try {
                libvirt.call(c -> migration.domain.abortJob());
            } catch (LibvirtException | BridgeException e) {
                LOG.debug("aborting the migration of VM {} failed", vm.id(), e);
            }
        }
    }

    private void run(Vm vm, MigrateParams params, Running migration) {
        String dstUri = params.dstUri();
        MigrationTarget target = null;
        ScheduledFuture<?> poller = null;
        try {
            if (params.dst() != null) {
                target = remote.migrationCreate(params.dst(), vm.id(), vm.params());
                if (dstUri == null) {
                    checkOffered(params.dst(), target.libvirtUri());
                    dstUri = target.libvirtUri();
                }
            }
            String uri = dstUri;
            poller = threads.scheduler().scheduleAtFixedRate(() -> progress(vm, params, migration, uri),
                    PROGRESS_MILLIS, PROGRESS_MILLIS, TimeUnit.MILLISECONDS);
            long bandwidth = params.maxBandwidth() == null ? 0 : params.maxBandwidth();
            if (Boolean.TRUE.equals(params.tunneled())) {
                libvirt.call(c -> migration.domain.migrateToURI(uri, null, null,
                        VIR_MIGRATE_LIVE | VIR_MIGRATE_PEER2PEER | VIR_MIGRATE_TUNNELLED, null, bandwidth));
            } else {
                Connect destination = new Connect(uri);
                String dataUri = dataUri(params.dst());
                try {
                    libvirt.call(c -> migration.domain.migrate(destination, VIR_MIGRATE_LIVE, null, dataUri,
                            bandwidth));
                } finally {
                    destination.close();
                }
            }
            poller.cancel(false);
            publish(vm, "succeeded", 100, uri, null, null);
            // libvirt's STOPPED(migrated) event normally did this already
            vm.transition(VmStatus.DOWN, "migrated", new VmExit(0, "MigrationSucceeded",
                    "The VM migrated to " + (params.dst() != null ? params.dst() : uri)));
        } catch (LibvirtException | RuntimeException e) {
            if (poller != null) {
                poller.cancel(false);
            }
            boolean cancelled = migration.cancelled || e instanceof LibvirtException l && l.getError() != null
                    && l.getError().getCode() == Error.ErrorNumber.VIR_ERR_OPERATION_ABORTED;
            String message = cancelled ? cancelled(vm, e) : failed(vm, e);
            MigrationStatus last = vm.migration();
            // the VM's status first: whoever learns from the event that the migration ended finds the VM as it is
            restoreStatus(vm, migration.domain, cancelled);
            publish(vm, cancelled ? "cancelled" : "failed", last == null ? 0 : last.progress(), dstUri, message,
                    last);
            if (target != null) {
                forgetOnDestination(params.dst(), vm.id());
            }
        } finally {
            running.remove(vm.id(), migration);
        }
    }

    /** Another agent's answer is no more trusted than a caller's: its URI passes the same allow-list. */
    private void checkOffered(String dst, String uri) {
        try {
            destinations.checkLibvirtUri(uri, "libvirtUri");
        } catch (BridgeException e) {
            LOG.warn("the destination agent at {} offered a libvirt URI outside the allow-list: {} ({})", dst, uri,
                    e.getMessage());
            throw BridgeException.of(ErrorCode.MIGRATE_ERR, "the destination agent at " + dst + " offered a libvirt"
                    + " URI this agent does not migrate to (see docs/security.md)");
        }
    }

    private static String cancelled(Vm vm, Exception e) {
        LOG.info("VM {}: migration cancelled: {}", vm.id(), Libvirt.message(e));
        return "The migration was cancelled";
    }

    /**
     * The failure as status and event subscribers see it: the agent's own caller-safe words, or (for libvirt's,
     * which name hosts, paths and domains, or an I/O error's) only an error id, the details logged under it.
     */
    private static String failed(Vm vm, Exception e) {
        if (e instanceof BridgeException b && !b.needsErrorId()) {
            LOG.warn("VM {}: migration failed: {}", vm.id(), b.getMessage());
            return "The migration failed: " + b.getMessage();
        }
        return "The migration failed; the agent's log has the details under error id "
                + ErrorIds.record("VM " + vm.id() + ": the migration", e);
    }

    /**
     * Where QEMU sends the memory: the destination agent's host ({@code tcp://host} of {@code dst}, the address
     * the caller reached that host by); null without {@code dst}, when libvirt asks the destination, which offers
     * its hostname (it must resolve to the host from here).
     */
    static String dataUri(String dst) {
        if (dst == null) {
            return null;
        }
        return "tcp://" + dst.substring(0, dst.lastIndexOf(':'));
    }

    private void restoreStatus(Vm vm, Domain domain, boolean cancelled) {
        try {
            VmStatus status = StatusMapping.fromState(libvirt.call(c -> domain.getInfo()).state);
            vm.transition(status, cancelled ? "migration cancelled" : "migration failed", status == VmStatus.DOWN
                    ? new VmExit(1, "MigrationFailed", "The VM stopped during a failed migration") : null);
        } catch (LibvirtException | RuntimeException e) {
            if (e instanceof LibvirtException l && Libvirt.isNoDomain(l)) {
                vm.transition(VmStatus.DOWN, "migration failed", new VmExit(1, "MigrationFailed",
                        "The VM stopped during a failed migration"));
            } else {
                LOG.warn("VM {}: cannot read its state after the migration", vm.id(), e);
            }
        }
    }

    private void forgetOnDestination(String dst, UUID vmId) {
        try {
            remote.destroy(dst, vmId);
        } catch (RuntimeException e) {
            LOG.warn("VM {}: the destination agent {} did not forget it: {}", vmId, dst, e.getMessage());
        }
    }

    private void progress(Vm vm, MigrateParams params, Running migration, String uri) {
        try {
            if (params.migrationDownTime() != null && !migration.downtimeSet) {
                libvirt.call(c -> migration.domain.migrateSetMaxDowntime(params.migrationDownTime()));
                migration.downtimeSet = true;
            }
            DomainJobInfo job = libvirt.call(c -> migration.domain.getJobInfo());
            if (job.getType() == 0 || migration.cancelled) {
                return; // no job (yet, or any more)
            }
            long total = job.getDataTotal();
            if (total <= 0) {
                return; // libvirt has not sized the transfer yet: a progress event would have no data to report
            }
            long processed = job.getDataProcessed();
            int percent = (int) Math.min(99, processed * 100 / total);
            publish(vm, "progress", percent, uri, null, new MigrationStatus(vm.id(), "progress", percent, uri, total,
                    processed, job.getDataRemaining(), null));
        } catch (LibvirtException | RuntimeException e) {
            LOG.debug("VM {}: no migration progress: {}", vm.id(), e.getMessage());
        }
    }

    /** Records and publishes a migration status; {@code data} supplies the byte counts when known. */
    private MigrationStatus publish(Vm vm, String status, int progress, String uri, String message,
                                    MigrationStatus data) {
        MigrationStatus m = new MigrationStatus(vm.id(), status, progress, uri,
                data == null ? null : data.dataTotal(), data == null ? null : data.dataProcessed(),
                data == null ? null : data.dataRemaining(), message);
        vm.migration(m);
        events.migration(m);
        return m;
    }
}
