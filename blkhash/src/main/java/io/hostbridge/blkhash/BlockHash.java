package io.hostbridge.blkhash;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * imageio's block-based image checksum ("blkhash"), bit for bit: the image is cut into {@code blockSize}
 * blocks from offset 0 (the last one may be shorter), each block is hashed on its own, and the result is the
 * hash of the concatenated block digests. BLAKE2 digests are 32 bytes, other algorithms use their natural size.
 *
 * <p>Feed the whole image in order, data with {@link #update(ByteBuffer)} and ranges known to read as zeros
 * with {@link #zero(long)}, in pieces of any size; the split into blocks is done here. A whole zero block is
 * hashed with a precomputed digest (a zero block's digest is the same whichever way it was fed), so holes cost
 * nothing to hash, and data blocks that turn out to be all zeros take the same shortcut.
 *
 * <p>Not thread-safe.
 */
public final class BlockHash {

    /** imageio's default algorithm. */
    public static final String DEFAULT_ALGORITHM = "blake2b";
    /** imageio's default block size, 4 MiB. */
    public static final int DEFAULT_BLOCK_SIZE = 4 << 20;
    /** The smallest block size imageio's checksum resource accepts, 1 MiB. */
    public static final int MIN_BLOCK_SIZE = DEFAULT_BLOCK_SIZE / 4;
    /** The largest block size imageio's checksum resource accepts, 16 MiB. */
    public static final int MAX_BLOCK_SIZE = DEFAULT_BLOCK_SIZE * 4;

    private static final int ZEROS_LENGTH = 64 * 1024;
    private static final byte[] ZEROS = new byte[ZEROS_LENGTH];
    private static final ByteBuffer ZERO_BUFFER = ByteBuffer.allocateDirect(ZEROS_LENGTH).asReadOnlyBuffer();
    private static final Map<String, byte[]> ZERO_BLOCK_DIGESTS = new ConcurrentHashMap<>();

    private final String algorithm;
    private final int blockSize;
    private final Digests.Hasher block;
    private final Digests.Hasher result;
    private final byte[] zeroBlockDigest;
    private long inBlock;
    private long length;
    private String hexdigest;

    /**
     * A hash of {@code algorithm} (one of {@link #algorithms()}) over blocks of {@code blockSize} bytes (any
     * positive size; see {@link #checkBlockSize} for the range imageio's HTTP API allows).
     */
    public BlockHash(String algorithm, int blockSize) {
        var factory = Digests.all().get(algorithm);
        if (factory == null) {
            throw new IllegalArgumentException("unsupported checksum algorithm '" + algorithm + "', supported: "
                    + algorithms());
        }
        if (blockSize <= 0) {
            throw new IllegalArgumentException("block size must be positive, got " + blockSize);
        }
        this.algorithm = algorithm;
        this.blockSize = blockSize;
        this.block = factory.get();
        this.result = factory.get();
        this.zeroBlockDigest = ZERO_BLOCK_DIGESTS.computeIfAbsent(algorithm + "/" + blockSize, k -> {
            Digests.Hasher h = factory.get();
            feedZeros(h, blockSize);
            return h.finish();
        });
    }

    /** imageio's defaults: blake2b over 4 MiB blocks. */
    public BlockHash() {
        this(DEFAULT_ALGORITHM, DEFAULT_BLOCK_SIZE);
    }

    /** The supported algorithm names, as Python's hashlib spells them, sorted. */
    public static Set<String> algorithms() {
        return new TreeSet<>(Digests.all().keySet());
    }

    /**
     * Checks a block size the way imageio's checksum resource does and returns it; the messages are imageio's.
     *
     * @throws IllegalArgumentException outside {@value #MIN_BLOCK_SIZE}–{@value #MAX_BLOCK_SIZE} or not a
     *                                  multiple of 4096
     */
    public static int checkBlockSize(long size) {
        if (size < MIN_BLOCK_SIZE || size > MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("Block size out of allowed range: " + MIN_BLOCK_SIZE + "-"
                    + MAX_BLOCK_SIZE);
        }
        if (size % 4096 != 0) {
            throw new IllegalArgumentException("Block size is not aligned to 4096");
        }
        return (int) size;
    }

    /** The algorithm name. */
    public String algorithm() {
        return algorithm;
    }

    /** The block size in bytes. */
    public int blockSize() {
        return blockSize;
    }

    /** Bytes hashed so far. */
    public long length() {
        return length;
    }

    /** Hashes the next {@code data.remaining()} bytes of the image, consuming them. */
    public void update(ByteBuffer data) {
        checkOpen();
        length += data.remaining();
        while (data.hasRemaining()) {
            if (inBlock == 0 && data.remaining() >= blockSize && isZero(data, blockSize)) {
                result.update(zeroBlockDigest, 0, zeroBlockDigest.length);
                data.position(data.position() + blockSize);
                continue;
            }
            int n = (int) Math.min(data.remaining(), blockSize - inBlock);
            block.update(data.slice(data.position(), n));
            data.position(data.position() + n);
            advance(n);
        }
    }

    /** Hashes the next {@code count} bytes of the image as zeros, without needing them in memory. */
    public void zero(long count) {
        checkOpen();
        if (count < 0) {
            throw new IllegalArgumentException("zero length must not be negative, got " + count);
        }
        length += count;
        while (count > 0) {
            if (inBlock == 0 && count >= blockSize) {
                result.update(zeroBlockDigest, 0, zeroBlockDigest.length);
                count -= blockSize;
                continue;
            }
            long n = Math.min(count, blockSize - inBlock);
            feedZeros(block, n);
            count -= n;
            advance(n);
        }
    }

    /** Ends the hash (a short last block counts as a block) and returns the checksum in lower-case hex. */
    public String hexdigest() {
        if (hexdigest == null) {
            if (inBlock > 0) {
                endBlock();
            }
            hexdigest = HexFormat.of().formatHex(result.finish());
        }
        return hexdigest;
    }

    private void advance(long n) {
        inBlock += n;
        if (inBlock == blockSize) {
            endBlock();
        }
    }

    private void endBlock() {
        byte[] digest = block.finish();
        result.update(digest, 0, digest.length);
        inBlock = 0;
    }

    private void checkOpen() {
        if (hexdigest != null) {
            throw new IllegalStateException("checksum already computed");
        }
    }

    private static boolean isZero(ByteBuffer data, int n) {
        for (int at = 0; at < n; at += ZEROS_LENGTH) {
            int len = Math.min(ZEROS_LENGTH, n - at);
            if (data.slice(data.position() + at, len).mismatch(ZERO_BUFFER.slice(0, len)) != -1) {
                return false;
            }
        }
        return true;
    }

    private static void feedZeros(Digests.Hasher h, long n) {
        while (n > 0) {
            int len = (int) Math.min(n, ZEROS_LENGTH);
            h.update(ZEROS, 0, len);
            n -= len;
        }
    }
}
