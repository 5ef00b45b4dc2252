package io.hostbridge.api.transfer;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * One data operation under a ticket ({@link TransferSession#begin}). Every method throws
 * {@link TransferException}: FORBIDDEN once the ticket is canceled, RANGE outside the image, INVALID for bad
 * values, FAILED for I/O errors. Close it when the request is answered.
 */
public interface TransferOperation extends AutoCloseable {

    /**
     * Checks that {@code length} bytes at {@code offset} lie inside what this operation may touch: the
     * readable size for reads, the ticket's size for writes.
     */
    void require(long offset, long length);

    /**
     * The bytes at {@code offset} as a file region for zero-copy sending, when the image is a plain file;
     * empty otherwise (use {@link #read}). The bytes count as transferred once {@link #sent} is called.
     */
    Optional<ReadableRegion> region(long offset, long length);

    /** Reports that {@code bytes} of a {@link #region} were sent. */
    void sent(long bytes);

    /** Reads up to {@code dst.remaining()} bytes at {@code offset} into {@code dst}; returns how many. */
    int read(long offset, ByteBuffer dst);

    /** Writes all of {@code src} at {@code offset}. */
    void write(long offset, ByteBuffer src);

    /** Makes {@code length} bytes at {@code offset} read as zeroes (punching holes for sparse tickets). */
    void zero(long offset, long length, boolean flush);

    /** Flushes written data to storage. */
    void flush();

    /**
     * The image's extents, covering it all.
     *
     * @param context {@code zero} (data, zero and holes) or {@code dirty} (changed blocks; NOT_FOUND unless
     *                the ticket asked for dirty extents and the image can tell)
     */
    List<TransferExtent> extents(String context);

    /**
     * The checksum of the whole image.
     *
     * @param algorithm one of {@link ImageTransfers#checksumAlgorithms}, or null for the default (blake2b)
     * @param blockSize bytes per block (a multiple of 4096 from 1 MiB to 16 MiB), or null for the default (4 MiB)
     */
    ChecksumResult checksum(String algorithm, Integer blockSize);

    /** Ends the operation; never throws. */
    @Override
    void close();
}
