package io.hostbridge.core.transfer;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens qcow2 volumes for transfers: exposes their guest-visible data (qemu-nbd started for the transfer,
 * stopped when the backend is closed), bound in {@link TransferModule} to qemu-nbd backends; an
 * {@code OptionalBinder} seam: an injector without it refuses tickets for qcow2 volumes.
 */
public interface QcowBackends {

    /** Starts serving {@code path} (qcow2) and returns its backend; {@code writable} for write tickets. */
    ImageBackend open(Path path, boolean writable) throws IOException;
}
