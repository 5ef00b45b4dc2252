package io.hostbridge.core.spi;

import java.nio.file.Path;
import java.util.Optional;

/**
 * NBD exports this agent serves on unix sockets of its own: volumes exported by {@code NBD.start_server}, a running
 * backup's disks. Contributed to a set (Guice {@code Multibinder}); an image ticket may name an export by its
 * {@code nbd:unix:<socket>:exportname=<name>} URL only when a contributor knows it, so a caller cannot point the
 * data server at any other socket of the host.
 */
public interface NbdExports {

    /** One export: where it is served, whether it may be written, and the dirty bitmap it exports, if any. */
    record Export(Path socket, String exportName, boolean writable, Optional<String> dirtyBitmap) {
    }

    /** The export {@code exportName} on {@code socket} (compared normalized), or empty when this contributor has none. */
    Optional<Export> find(Path socket, String exportName);
}
