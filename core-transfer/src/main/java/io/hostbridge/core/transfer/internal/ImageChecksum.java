package io.hostbridge.core.transfer.internal;

import io.hostbridge.api.transfer.ChecksumResult;
import io.hostbridge.api.transfer.TransferException;
import io.hostbridge.api.transfer.TransferException.Reason;
import io.hostbridge.api.transfer.TransferExtent;
import io.hostbridge.core.transfer.BlockHashing;
import io.hostbridge.blkhash.BlockHash;
import java.nio.ByteBuffer;

/** imageio's checksum of a whole image: zero extents hashed as zeroes without reading, data read in order. */
final class ImageChecksum {
    private final BlockHashing engine;
    private final int bufferSize;

    ImageChecksum(BlockHashing engine, int bufferSize) {
        this.engine = engine;
        this.bufferSize = bufferSize;
    }

    ChecksumResult compute(Operation op, String algorithm, Integer requestedBlockSize) {
        String name = algorithm == null ? BlockHash.DEFAULT_ALGORITHM : algorithm;
        if (!engine.algorithms().contains(name)) {
            throw TransferException.of(Reason.INVALID, "Unsupported algorithm '" + name + "', expecting one of "
                    + engine.algorithms());
        }
        int blockSize;
        try {
            blockSize = BlockHash.checkBlockSize(requestedBlockSize == null ? BlockHash.DEFAULT_BLOCK_SIZE
                    : requestedBlockSize);
        } catch (IllegalArgumentException e) {
            throw TransferException.of(Reason.INVALID, e.getMessage());
        }
        BlockHashing.Hasher hasher = engine.start(name, blockSize);
        ByteBuffer buffer = ByteBuffer.allocate(Math.max(bufferSize / blockSize, 1) * blockSize);
        for (TransferExtent extent : op.extents("zero")) {
            if (extent.zero()) {
                hasher.zero(extent.length());
                continue;
            }
            long position = extent.start();
            long end = extent.start() + extent.length();
            while (position < end) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
                int n = op.readForChecksum(position, buffer);
                if (n <= 0) {
                    throw TransferException.of(Reason.FAILED, "The image ended at " + position + " while hashing");
                }
                buffer.flip();
                hasher.update(buffer);
                position += n;
            }
        }
        return new ChecksumResult(name, blockSize, hasher.hexdigest());
    }
}
