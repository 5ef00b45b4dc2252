package io.hostbridge.core.transfer;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.nbd.NbdApi;
import io.hostbridge.api.nbd.NbdServerConfig;
import io.hostbridge.api.spi.Lifecycle;
import io.hostbridge.core.CoreSettings;
import io.hostbridge.core.Spawner;
import io.hostbridge.core.spi.NbdExports;
import io.hostbridge.core.spi.VolumeCatalog;
import io.hostbridge.core.spi.VolumeUsers;
import io.hostbridge.nbd.QemuNbd;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NBD namespace: volumes exported by qemu-nbd on unix sockets in the run dir, until stopped (or the agent stops:
 * qemu-nbd dies with it). Each server's volume is in use meanwhile; a writable one is ILLEGAL until its server stops.
 */
@Singleton
final class NbdServers implements NbdApi, VolumeUsers, NbdExports, Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(NbdServers.class);

    /**
     * One running server: qemu-nbd, the volume's file, for a writable export its write hold, and the dirty bitmap it
     * exports (or null).
     */
    private record Server(QemuNbd nbd, Path file, VolumeCatalog.WriteHold hold, String bitmap) {
    }

    private final Optional<VolumeCatalog> catalog;
    private final Path runDir;
    private final Map<UUID, Server> servers = new ConcurrentHashMap<>();

    @Inject
    NbdServers(Optional<VolumeCatalog> catalog, CoreSettings core) {
        this.catalog = catalog;
        this.runDir = core.runDir();
    }

    @Override
    public synchronized String start_server(UUID serverId, NbdServerConfig config) {
        if (servers.containsKey(serverId)) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "server_id", "Invalid parameter"
                    + " 'server_id': an NBD server with id " + serverId + " runs already");
        }
        VolumeCatalog volumes = catalog.orElseThrow(() -> BridgeException.of(ErrorCode.UNAVAILABLE,
                "this agent has no storage volumes to export"));
        boolean readonly = Boolean.TRUE.equals(config.readonly());
        if (config.bitmap() != null && !readonly) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "config.bitmap", "Invalid parameter"
                    + " 'config.bitmap': a bitmap is exported read-only only");
        }
        VolumeCatalog.WriteHold hold = null;
        VolumeCatalog.Volume volume;
        if (readonly) {
            volume = volumes.resolve(config.sdId(), config.imgId(), config.volId());
            Optional<String> user = Optional.empty();
            if (servers.values().stream().anyMatch(s -> s.file().equals(volume.path()))) {
                user = Optional.of("another NBD server");
            }
            user.ifPresent(u -> {
                throw BridgeException.of(ErrorCode.VOLUME_IS_BUSY, "Volume " + config.volId() + " is in use by " + u);
            });
        } else {
            hold = volumes.beginWrite(config.sdId(), config.imgId(), config.volId(), v -> { });
            volume = hold.volume();
        }
        QemuNbd.Builder builder = QemuNbd.builder(volume.path(), volume.format() == VolumeCatalog.Format.QCOW2
                        ? QemuNbd.Format.QCOW2 : QemuNbd.Format.RAW).socketDir(runDir).readOnly(readonly)
                // a name, not "": qemu's nbd:unix:<socket>:exportname= syntax takes no empty name
                .exportName(serverId.toString())
                .backingChain(!Boolean.FALSE.equals(config.backingChain())).launcher(Spawner::start);
        if (config.bitmap() != null) {
            builder.bitmap(config.bitmap().toString());
        }
        try {
            QemuNbd nbd = builder.start();
            servers.put(serverId, new Server(nbd, volume.path(), hold,
                    config.bitmap() == null ? null : config.bitmap().toString()));
            LOG.info("NBD server {}: qemu-nbd {} exports volume {} ({}) on {}", serverId, nbd.pid(), config.volId(),
                    readonly ? "read-only" : "read-write", nbd.socket());
            return "nbd:unix:" + nbd.socket() + ":exportname=" + nbd.exportName();
        } catch (IOException | RuntimeException e) {
            if (hold != null) {
                hold.untouched();
            }
            // qemu-nbd's words name host paths: the pipeline logs them under an error id
            throw BridgeException.failure(ErrorCode.GENERAL, "qemu-nbd could not export volume " + config.volId(), e);
        }
    }

    @Override
    public synchronized void stop_server(UUID serverId) {
        Server server = servers.remove(serverId);
        if (server == null) {
            return;
        }
        try {
            server.nbd().close();
        } catch (IOException e) {
            LOG.warn("NBD server {}: stopping qemu-nbd failed", serverId, e);
        }
        if (server.hold() != null) {
            server.hold().complete();
        }
        LOG.info("NBD server {} stopped", serverId);
    }

    @Override
    public Optional<String> userOf(Path path) {
        Path wanted = path.normalize();
        return servers.entrySet().stream().filter(e -> e.getValue().file().normalize().equals(wanted))
                .map(e -> "NBD server " + e.getKey()).findFirst();
    }

    /** An image ticket may name a running server's export by its URL. */
    @Override
    public Optional<Export> find(Path socket, String exportName) {
        Path wanted = socket.normalize();
        return servers.values().stream()
                .filter(s -> s.nbd().socket().normalize().equals(wanted) && s.nbd().exportName().equals(exportName))
                .map(s -> new Export(s.nbd().socket(), exportName, s.hold() != null, Optional.ofNullable(s.bitmap())))
                .findFirst();
    }

    @Override
    public String name() {
        return "NBD servers";
    }

    @Override
    public void start() {
        // nothing to start: servers start on request
    }

    /** Stops every server (qemu-nbd would die with the agent anyway); writable exports stay ILLEGAL on disk. */
    @Override
    public synchronized void stop() {
        for (Map.Entry<UUID, Server> e : servers.entrySet()) {
            try {
                e.getValue().nbd().close();
            } catch (IOException x) {
                LOG.warn("NBD server {}: stopping qemu-nbd failed", e.getKey(), x);
            }
        }
        servers.clear();
    }
}
