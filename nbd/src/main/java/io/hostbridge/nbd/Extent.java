package io.hostbridge.nbd;

/**
 * A run of bytes with the same allocation status, as imageio reports it in {@code context=zero} extents.
 *
 * @param start  offset of the first byte
 * @param length number of bytes, never 0
 * @param zero   the bytes read as zeros (NBD {@code base:allocation} state ZERO)
 * @param hole   the bytes are allocated in no layer of the image chain (qcow2 {@code qemu:allocation-depth} 0);
 *               always false for raw images, as in imageio
 */
public record Extent(long start, long length, boolean zero, boolean hole) {

    /** Offset just past the last byte. */
    public long end() {
        return start + length;
    }
}
