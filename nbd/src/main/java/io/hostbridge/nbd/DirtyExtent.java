package io.hostbridge.nbd;

/**
 * A run of bytes with the same dirty-bitmap state, as imageio reports it in {@code context=dirty} extents.
 *
 * @param start  offset of the first byte
 * @param length number of bytes, never 0
 * @param dirty  the bitmap marks the bytes as changed since it was created
 * @param zero   the bytes read as zeros (NBD {@code base:allocation} state ZERO)
 */
public record DirtyExtent(long start, long length, boolean dirty, boolean zero) {

    /** Offset just past the last byte. */
    public long end() {
        return start + length;
    }
}
