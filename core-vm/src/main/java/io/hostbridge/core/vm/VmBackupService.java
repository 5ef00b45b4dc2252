package io.hostbridge.core.vm;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.vm.BackupConfig;
import io.hostbridge.api.vm.BackupDisk;
import io.hostbridge.api.vm.BackupInfo;
import io.hostbridge.api.vm.BackupMode;
import io.hostbridge.api.vm.CheckpointInfo;
import io.hostbridge.api.vm.CheckpointSpec;
import io.hostbridge.api.vm.CheckpointsResult;
import io.hostbridge.api.vm.VmBackupApi;
import io.hostbridge.core.CoreSettings;
import io.hostbridge.core.spi.NbdExports;
import io.hostbridge.core.spi.VolumeCatalog;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.xml.stream.XMLStreamException;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incremental backups through libvirt's pull-mode backup API: the disks are exported by QEMU's own NBD server on a
 * unix socket in a directory of the backup (with the scratch files holding the old data of blocks the guest
 * overwrites meanwhile), which image tickets may then name ({@link NbdExports}). One backup per VM, as libvirt has.
 */
@Singleton
final class VmBackupService implements VmBackupApi, NbdExports {
    private static final Logger LOG = LoggerFactory.getLogger(VmBackupService.class);
    /** The longest unix socket path ({@code sun_path} less its terminating zero). */
    private static final int MAX_SOCKET_PATH = 107;

    /** A running backup: its directory and socket, and each disk's export by imageID. */
    private record Running(UUID backupId, Path dir, Path socket, Map<String, BackupXml.Export> byImage) {
    }

    private final VmRegistry registry;
    private final DomainCalls domains;
    private final Optional<VolumeCatalog> catalog;
    private final Path root;
    private final Map<UUID, Running> running = new ConcurrentHashMap<>();

    @Inject
    VmBackupService(VmRegistry registry, DomainCalls domains, Optional<VolumeCatalog> catalog, VmSettings settings,
                    CoreSettings core) {
        this.registry = registry;
        this.domains = domains;
        this.catalog = catalog;
        this.root = settings.backupDirectory(core.stateDir());
    }

    /** One disk to back up: the drive's target, its imageID, how. */
    private record Planned(String target, String imageId, boolean incremental, boolean checkpoint) {
    }

    @Override
    public BackupInfo start_backup(UUID vmID, BackupConfig config) {
        Vm vm = registry.require(vmID);
        if (config.disks().isEmpty()) {
            throw invalid("config.disks", "no disk to back up");
        }
        String from = config.fromCheckpointId() == null ? null : config.fromCheckpointId().toString();
        for (int i = 0; i < config.disks().size(); i++) {
            BackupDisk d = config.disks().get(i);
            if (d.scratchDisk() != null) {
                throw invalid("config.disks[" + i + "].scratch_disk", "not supported: the agent makes each disk's"
                        + " scratch file itself");
            }
            if (d.backupMode() == BackupMode.INCREMENTAL && from == null) {
                throw invalid("config.disks[" + i + "].backup_mode", "incremental needs config.from_checkpoint_id");
            }
        }
        VolumeCatalog volumes = catalog.orElseThrow(() -> BridgeException.of(ErrorCode.BACKUP_ERROR,
                "this agent has no storage volumes to back up"));
        return domains.call(vm, "start_backup", domain -> {
            Running now = running.get(vmID);
            if (now != null) {
                throw BridgeException.of(ErrorCode.BACKUP_ERROR, "VM " + vmID + " has a running backup ("
                        + now.backupId() + "): stop it first");
            }
            if (running.values().stream().anyMatch(r -> r.backupId().equals(config.backupId()))) {
                throw BridgeException.forParameter(ErrorCode.BACKUP_ERROR, "config.backup_id", "Backup "
                        + config.backupId() + " runs already, on another VM");
            }
            List<Planned> plan = plan(vm, config, volumes, from);
            Path dir = root.resolve(config.backupId().toString());
            Path socket = dir.resolve("nbd.sock");
            if (socket.toString().length() > MAX_SOCKET_PATH) {
                throw BridgeException.of(ErrorCode.BACKUP_ERROR, "The backup's socket path would be longer than "
                        + MAX_SOCKET_PATH + " characters: configure a shorter vm.backupDir");
            }
            prepare(domain, dir);
            List<BackupXml.Disk> disks = new ArrayList<>();
            List<BackupXml.CheckpointDisk> checkpointDisks = new ArrayList<>();
            for (Planned p : plan) {
                disks.add(new BackupXml.Disk(p.target(), p.incremental(), from,
                        dir.resolve(p.target() + ".scratch.qcow2").toString()));
                if (p.checkpoint()) {
                    checkpointDisks.add(new BackupXml.CheckpointDisk(p.target(), config.toCheckpointId().toString()));
                }
            }
            String checkpointXml = config.toCheckpointId() == null ? null : BackupXml.checkpoint(
                    new BackupXml.Checkpoint(config.toCheckpointId().toString(), null, config.creationTime(),
                            checkpointDisks), "checkpoint for backup " + config.backupId());
            try {
                begin(vm, domain, config, BackupXml.backup(socket.toString(), from, disks), checkpointXml);
                Map<String, BackupXml.Export> exports = BackupXml.exports(LibvirtNative.backupXml(domain));
                Map<String, BackupXml.Export> byImage = new LinkedHashMap<>();
                for (Planned p : plan) {
                    BackupXml.Export e = exports.get(p.target());
                    byImage.put(p.imageId(), e != null ? e : new BackupXml.Export(p.target(), Optional.empty()));
                }
                Running started = new Running(config.backupId(), dir, socket, byImage);
                running.put(vmID, started);
                LOG.info("VM {}: backup {} started ({} disk(s), {})", vmID, config.backupId(), plan.size(),
                        from == null ? "full" : "incremental from checkpoint " + from);
                return info(domain, started, config.toCheckpointId());
            } catch (LibvirtException | XMLStreamException | RuntimeException e) {
                remove(dir);
                throw e instanceof BridgeException b ? b : backupFailure(vmID, e);
            }
        });
    }

    private List<Planned> plan(Vm vm, BackupConfig config, VolumeCatalog volumes, String from) {
        List<Planned> plan = new ArrayList<>();
        for (int i = 0; i < config.disks().size(); i++) {
            BackupDisk d = config.disks().get(i);
            String where = "config.disks[" + i + "]";
            VolumeCatalog.Volume volume = volumes.resolve(d.domainID(), d.imageID(), d.volumeID());
            int index = vm.drivePaths().indexOf(volume.path());
            if (index < 0) {
                throw invalid(where + ".volumeID", "the VM has no drive on volume " + d.volumeID());
            }
            String target = vm.driveTargets().get(index);
            if (plan.stream().anyMatch(p -> p.target().equals(target))) {
                throw invalid(where, "the VM's drive on volume " + d.volumeID() + " is listed twice");
            }
            boolean incremental = d.backupMode() == null ? from != null : d.backupMode() == BackupMode.INCREMENTAL;
            boolean checkpoint = Boolean.TRUE.equals(d.checkpoint()) && config.toCheckpointId() != null;
            if ((incremental || checkpoint) && volume.format() != VolumeCatalog.Format.QCOW2) {
                throw invalid(where, "checkpoints and incremental backups need a COW (qcow2) volume: their dirty"
                        + " bitmaps live in it");
            }
            plan.add(new Planned(target, d.imageID().toString(), incremental, checkpoint));
        }
        return plan;
    }

    /** The guest's file systems frozen around the start when its agent answers, as VDSM does. */
    private static void begin(Vm vm, Domain domain, BackupConfig config, String backupXml, String checkpointXml)
            throws LibvirtException {
        boolean frozen = false;
        try {
            LibvirtNative.fsFreeze(domain);
            frozen = true;
        } catch (LibvirtException e) {
            if (Boolean.TRUE.equals(config.requireConsistency())) {
                throw BridgeException.of(ErrorCode.BACKUP_ERROR, "The guest's file systems could not be frozen"
                        + " (no guest agent answers) and config.require_consistency is true");
            }
            LOG.info("VM {}: the guest's file systems could not be frozen ({}); backup started without",
                    vm.id(), e.getMessage());
        }
        try {
            LibvirtNative.backupBegin(domain, backupXml, checkpointXml);
        } catch (LibvirtException e) {
            if (Libvirt.is(e, ErrorNumber.VIR_ERR_CHECKPOINT_INCONSISTENT)) {
                throw BridgeException.failure(ErrorCode.INCONSISTENT_CHECKPOINT, "Checkpoint "
                        + config.fromCheckpointId() + " is not consistent on the VM's disks", e);
            }
            throw e;
        } finally {
            if (frozen) {
                try {
                    LibvirtNative.fsThaw(domain);
                } catch (LibvirtException e) {
                    LOG.warn("VM {}: thawing the guest's file systems failed: {}", vm.id(), e.getMessage());
                }
            }
        }
    }

    /**
     * The backup's directory, mode 0700 and owned by the domain's QEMU user (from its DAC label): QEMU makes the
     * socket and the scratch files there, and nobody else may reach them.
     */
    private static void prepare(Domain domain, Path dir) throws LibvirtException {
        try {
            Files.createDirectories(dir.getParent());
            Files.setPosixFilePermissions(dir.getParent(), PosixFilePermissions.fromString("rwx--x--x"));
            remove(dir);
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    "rwx------")));
            Optional<int[]> owner = BackupXml.dacOwner(domain.getXMLDesc(0));
            if (owner.isPresent()) {
                Files.setAttribute(dir, "unix:uid", owner.get()[0]);
                Files.setAttribute(dir, "unix:gid", owner.get()[1]);
            }
        } catch (IOException | XMLStreamException | UnsupportedOperationException e) {
            throw BridgeException.failure(ErrorCode.BACKUP_ERROR, "The backup's directory cannot be prepared", e);
        }
    }

    private static void remove(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            LOG.warn("removing backup directory {} failed", dir, e);
        }
    }

    private BackupInfo info(Domain domain, Running backup, UUID checkpointId) throws LibvirtException {
        Map<String, String> urls = new LinkedHashMap<>();
        backup.byImage().forEach((image, e) -> urls.put(image, "nbd:unix:" + backup.socket() + ":exportname="
                + e.exportName()));
        String checkpoint = null;
        if (checkpointId != null) {
            checkpoint = dump(domain, checkpointId);
        }
        return new BackupInfo(urls, checkpoint);
    }

    private static BridgeException backupFailure(UUID vmID, Exception e) {
        return BridgeException.failure(ErrorCode.BACKUP_ERROR, "libvirt refused to start the backup of VM " + vmID,
                e);
    }

    @Override
    public void stop_backup(UUID vmID, UUID backupId) {
        Vm vm = registry.require(vmID);
        Running backup = running.get(vmID);
        if (backup != null && !backup.backupId().equals(backupId)) {
            throw BridgeException.of(ErrorCode.BACKUP_ERROR, "Backup " + backupId + " is not VM " + vmID
                    + "'s running backup");
        }
        try {
            domains.call(vm, "stop_backup", domain -> {
                try {
                    LibvirtNative.backupXml(domain);
                } catch (LibvirtException e) {
                    if (Libvirt.is(e, ErrorNumber.VIR_ERR_NO_DOMAIN_BACKUP)
                            || Libvirt.is(e, ErrorNumber.VIR_ERR_NO_SUPPORT)) {
                        return null; // it ended already, or the driver has no backups (as VDSM: no error)
                    }
                    throw e;
                }
                try {
                    domain.abortJob();
                } catch (LibvirtException e) {
                    if (!Libvirt.is(e, ErrorNumber.VIR_ERR_OPERATION_INVALID)) {
                        throw BridgeException.failure(ErrorCode.BACKUP_ERROR, "libvirt refused to stop backup "
                                + backupId, e);
                    }
                }
                return null;
            });
        } catch (BridgeException e) {
            if (e.error() != ErrorCode.DOWN) {
                throw e;
            }
        }
        if (backup != null && running.remove(vmID, backup)) {
            LOG.info("VM {}: backup {} stopped", vmID, backupId);
        }
        // also what a backup left behind that this agent no longer knows of (it was restarted meanwhile), unless it
        // is another VM's running backup
        if (running.values().stream().noneMatch(r -> r.backupId().equals(backupId))) {
            remove(root.resolve(backupId.toString()));
        }
    }

    @Override
    public BackupInfo backup_info(UUID vmID, UUID backupId, UUID checkpointId) {
        Vm vm = registry.require(vmID);
        return domains.call(vm, "backup_info", domain -> {
            Running backup = running.get(vmID);
            if (backup == null || !backup.backupId().equals(backupId)) {
                throw noBackup(backupId);
            }
            try {
                LibvirtNative.backupXml(domain);
            } catch (LibvirtException e) {
                if (Libvirt.is(e, ErrorNumber.VIR_ERR_NO_DOMAIN_BACKUP)) {
                    throw noBackup(backupId); // libvirt ended it (e.g. QEMU failed it); stop_backup cleans up
                }
                throw e;
            }
            return info(domain, backup, checkpointId);
        });
    }

    private static BridgeException noBackup(UUID backupId) {
        return BridgeException.forParameter(ErrorCode.NO_SUCH_BACKUP, "backup_id", "No running backup " + backupId);
    }

    @Override
    public List<String> list_checkpoints(UUID vmID) {
        Vm vm = registry.require(vmID);
        return domains.call(vm, "list_checkpoints", domain -> {
            try {
                return LibvirtNative.checkpointNames(domain);
            } catch (LibvirtException e) {
                throw BridgeException.failure(ErrorCode.CHECKPOINT_ERROR, "libvirt cannot list VM " + vmID
                        + "'s checkpoints", e);
            }
        });
    }

    @Override
    public CheckpointsResult redefine_checkpoints(UUID vmID, List<CheckpointSpec> checkpoints) {
        Vm vm = registry.require(vmID);
        List<String> definitions = new ArrayList<>();
        for (int i = 0; i < checkpoints.size(); i++) {
            definitions.add(definition(vm, checkpoints.get(i), "checkpoints[" + i + "]"));
        }
        return domains.call(vm, "redefine_checkpoints", domain -> {
            List<String> done = new ArrayList<>();
            for (int i = 0; i < checkpoints.size(); i++) {
                String id = checkpoints.get(i).id().toString();
                try {
                    LibvirtNative.checkpointCreate(domain, definitions.get(i),
                            LibvirtNative.CHECKPOINT_REDEFINE_VALIDATE);
                } catch (LibvirtException e) {
                    return stopped(vmID, "redefine", id, done, e);
                }
                done.add(id);
            }
            LOG.info("VM {}: {} checkpoint(s) redefined", vmID, done.size());
            return new CheckpointsResult(done, null);
        });
    }

    /** A checkpoint's definition from the caller's XML (read strictly, written again) or its backup config. */
    private String definition(Vm vm, CheckpointSpec spec, String where) {
        String id = spec.id().toString();
        if (spec.xml() != null) {
            BackupXml.Checkpoint parsed;
            try {
                parsed = BackupXml.parseCheckpoint(spec.xml());
            } catch (IllegalArgumentException e) {
                throw invalid(where + ".xml", e.getMessage());
            }
            if (!parsed.name().equals(id)) {
                throw invalid(where + ".xml", "its name must be the checkpoint's id " + id);
            }
            for (BackupXml.CheckpointDisk d : parsed.disks()) {
                if (!vm.driveTargets().contains(d.target())) {
                    throw invalid(where + ".xml", "the VM has no disk " + d.target());
                }
            }
            return BackupXml.checkpoint(parsed, null);
        }
        if (spec.config() == null) {
            throw invalid(where, "give the checkpoint's xml or its backup config");
        }
        if (!spec.id().equals(spec.config().toCheckpointId())) {
            throw invalid(where + ".config.to_checkpoint_id", "must be the checkpoint's id " + id);
        }
        VolumeCatalog volumes = catalog.orElseThrow(() -> BridgeException.of(ErrorCode.CHECKPOINT_ERROR,
                "this agent has no storage volumes"));
        List<BackupXml.CheckpointDisk> disks = new ArrayList<>();
        for (BackupDisk d : spec.config().disks()) {
            if (!Boolean.TRUE.equals(d.checkpoint())) {
                continue;
            }
            int index = vm.drivePaths().indexOf(volumes.resolve(d.domainID(), d.imageID(), d.volumeID()).path());
            if (index < 0) {
                throw invalid(where + ".config.disks", "the VM has no drive on volume " + d.volumeID());
            }
            disks.add(new BackupXml.CheckpointDisk(vm.driveTargets().get(index), id));
        }
        return BackupXml.checkpoint(new BackupXml.Checkpoint(id, null, spec.config().creationTime(), disks),
                "checkpoint for backup " + spec.config().backupId());
    }

    @Override
    public CheckpointsResult delete_checkpoints(UUID vmID, List<UUID> checkpointIds) {
        Vm vm = registry.require(vmID);
        return domains.call(vm, "delete_checkpoints", domain -> {
            List<String> done = new ArrayList<>();
            for (UUID checkpointId : checkpointIds) {
                String id = checkpointId.toString();
                try {
                    LibvirtNative.checkpointDelete(domain, id);
                } catch (LibvirtException e) {
                    if (!Libvirt.is(e, ErrorNumber.VIR_ERR_NO_DOMAIN_CHECKPOINT)) {
                        return stopped(vmID, "delete", id, done, e);
                    }
                    LOG.debug("VM {}: checkpoint {} was not there to delete", vmID, id);
                }
                done.add(id);
            }
            LOG.info("VM {}: {} checkpoint(s) deleted", vmID, done.size());
            return new CheckpointsResult(done, null);
        });
    }

    /** What was done before libvirt refused {@code id}: libvirt's words to the log, its error's name to the caller. */
    private static CheckpointsResult stopped(UUID vmID, String what, String id, List<String> done,
                                             LibvirtException e) {
        String code = e.getError() == null ? "unknown" : String.valueOf(e.getError().getCode());
        LOG.warn("VM {}: libvirt refused to {} checkpoint {} ({}): {}", vmID, what, id, code, e.getMessage());
        return new CheckpointsResult(done, new CheckpointsResult.Failure(ErrorCode.CHECKPOINT_ERROR.code(),
                "libvirt refused to " + what + " checkpoint " + id + " (" + code + ")"));
    }

    @Override
    public CheckpointInfo dump_checkpoint(UUID vmID, UUID checkpointId) {
        Vm vm = registry.require(vmID);
        return domains.call(vm, "dump_checkpoint", domain -> new CheckpointInfo(dump(domain, checkpointId)));
    }

    private static String dump(Domain domain, UUID checkpointId) throws LibvirtException {
        try {
            return LibvirtNative.checkpointXml(domain, checkpointId.toString());
        } catch (LibvirtException e) {
            if (Libvirt.is(e, ErrorNumber.VIR_ERR_NO_DOMAIN_CHECKPOINT)) {
                throw BridgeException.forParameter(ErrorCode.NO_SUCH_CHECKPOINT, "checkpoint_id", "No checkpoint "
                        + checkpointId);
            }
            throw e;
        }
    }

    /** An image ticket may name a running backup's disk by its URL. */
    @Override
    public Optional<Export> find(Path socket, String exportName) {
        Path wanted = socket.normalize();
        for (Running r : running.values()) {
            if (r.socket().normalize().equals(wanted)) {
                for (BackupXml.Export e : r.byImage().values()) {
                    if (e.exportName().equals(exportName)) {
                        return Optional.of(new Export(r.socket(), exportName, false, e.bitmap()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static BridgeException invalid(String path, String rule) {
        return BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, path, "Invalid parameter '" + path + "': "
                + rule);
    }
}
