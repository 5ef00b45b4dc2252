package io.hostbridge.api.transfer;

/**
 * One extent of an image.
 *
 * @param start  offset of its first byte
 * @param length its length in bytes
 * @param zero   it reads as zeroes
 * @param hole   it is not allocated (reads as zeroes, or as the backing image's data for qcow2)
 * @param dirty  changed since the last backup (context {@code dirty} only)
 */
public record TransferExtent(long start, long length, boolean zero, boolean hole, boolean dirty) {
}
