package io.hostbridge.core.transfer.internal;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.core.spi.VolumeCatalog.Format;
import io.hostbridge.core.transfer.ImageBackend;
import io.hostbridge.core.transfer.QcowBackends;
import io.hostbridge.core.transfer.TransferSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Opens the backend for a ticket's target: raw files directly, qcow2 through {@link QcowBackends}, NBD exports the
 * agent serves by connecting to them.
 */
final class ImageBackends {
    private final TransferSettings settings;
    private final Optional<QcowBackends> qcow;

    ImageBackends(TransferSettings settings, Optional<QcowBackends> qcow) {
        this.settings = settings;
        this.qcow = qcow;
    }

    /** Opens a ticket's target: the file, or the NBD export it names. */
    ImageBackend open(TicketTargets.Target target, boolean writable) throws IOException {
        if (target.export().isPresent()) {
            return NbdBackend.attach(target.export().get(), writable, settings.maxReaders(), settings.maxWriters());
        }
        return open(target.path(), target.format(), writable);
    }

    ImageBackend open(Path path, Format format, boolean writable) throws IOException {
        switch (format) {
            case RAW:
                return FileBackend.open(path, writable, settings.maxReaders(), settings.maxWriters());
            case QCOW2:
                return qcow.orElseThrow(() -> BridgeException.of(ErrorCode.UNAVAILABLE,
                        "qcow2 volumes cannot be transferred by this agent: its qemu-nbd backend is not installed"))
                        .open(path, writable);
            default:
                throw new IllegalStateException("unknown format " + format);
        }
    }
}
