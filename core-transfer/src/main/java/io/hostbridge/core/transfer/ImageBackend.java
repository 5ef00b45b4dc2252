package io.hostbridge.core.transfer;

import io.hostbridge.api.transfer.ReadableRegion;
import io.hostbridge.api.transfer.TransferExtent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * Guest-visible bytes of one volume, as a transfer moves them: a raw file read and written in place
 * ({@link io.hostbridge.core.transfer.internal.FileBackend}), or a qcow2 volume behind qemu-nbd. Methods
 * are called from several threads at once, on distinct ranges.
 */
public interface ImageBackend extends AutoCloseable {

    /** Guest-visible size in bytes. */
    long size() throws IOException;

    /** Reads up to {@code dst.remaining()} bytes at {@code offset}; returns how many (fewer only at the end). */
    int read(long offset, ByteBuffer dst) throws IOException;

    /** Writes all of {@code src} at {@code offset}. */
    void write(long offset, ByteBuffer src) throws IOException;

    /** Makes the range read as zeroes; {@code punchHole} deallocates it where the storage can. */
    void zero(long offset, long length, boolean punchHole) throws IOException;

    /** Flushes written data to stable storage. */
    void flush() throws IOException;

    /** Extents from {@code offset} for {@code length} bytes, in order, covering the range. */
    List<TransferExtent> extents(long offset, long length) throws IOException;

    /** Whether {@link #dirtyExtents} can answer: the backend is an NBD export with a dirty bitmap (a backup's). */
    default boolean hasDirtyExtents() {
        return false;
    }

    /**
     * Dirty extents (changed since the backup's checkpoint) from {@code offset} for {@code length} bytes, in order,
     * covering the range; only when {@link #hasDirtyExtents()}.
     */
    default List<TransferExtent> dirtyExtents(long offset, long length) throws IOException {
        throw new UnsupportedOperationException("no dirty bitmap");
    }

    /** The range as a file region for zero-copy sending, when the bytes are a plain file's. */
    default Optional<ReadableRegion> region(long offset, long length) throws IOException {
        return Optional.empty();
    }

    /** Readers and writers this backend serves well at the same time. */
    int maxReaders();

    int maxWriters();

    @Override
    void close();
}
