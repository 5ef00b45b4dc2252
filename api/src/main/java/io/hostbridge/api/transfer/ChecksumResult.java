package io.hostbridge.api.transfer;

/**
 * The checksum of a whole image, as imageio computes it (blkhash).
 *
 * @param algorithm  the digest used for blocks and for the result, e.g. {@code blake2b}
 * @param blockSize  the block size, in bytes
 * @param checksum   hexadecimal digest
 */
public record ChecksumResult(String algorithm, int blockSize, String checksum) {
}
