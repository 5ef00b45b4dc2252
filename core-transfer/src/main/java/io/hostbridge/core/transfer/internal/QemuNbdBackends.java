package io.hostbridge.core.transfer.internal;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.core.CoreSettings;
import io.hostbridge.core.transfer.ImageBackend;
import io.hostbridge.core.transfer.QcowBackends;
import io.hostbridge.core.transfer.TransferSettings;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * qcow2 volumes through qemu-nbd, its socket in the agent's run dir: one qemu-nbd per volume, shared by the
 * tickets on it (qemu-nbd locks the image, so a second one could not open it). A read ticket joins a writable
 * server (the ticket's operations enforce read-only); a write ticket cannot join a read-only one.
 */
@Singleton
public final class QemuNbdBackends implements QcowBackends {
    private final TransferSettings settings;
    private final Path runDir;
    private final Map<Path, NbdBackend> running = new HashMap<>();

    @Inject
    public QemuNbdBackends(TransferSettings settings, CoreSettings core) {
        this.settings = settings;
        this.runDir = core.runDir();
    }

    @Override
    public synchronized ImageBackend open(Path path, boolean writable) throws IOException {
        NbdBackend backend = running.get(path);
        if (backend != null && (backend.writable() || !writable) && backend.retain()) {
            return backend;
        }
        if (backend != null && !backend.writable() && writable) {
            throw BridgeException.of(ErrorCode.VOLUME_IS_BUSY, "The volume is being read through another image "
                    + "ticket; a ticket for writing it can be added once the reading tickets are removed");
        }
        NbdBackend started = NbdBackend.open(path, writable, runDir, settings.maxReaders(), settings.maxWriters(),
                stopped -> stopped(path, stopped));
        running.put(path, started);
        return started;
    }

    private synchronized void stopped(Path path, NbdBackend backend) {
        running.remove(path, backend);
    }
}
