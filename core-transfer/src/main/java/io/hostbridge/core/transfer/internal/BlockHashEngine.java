package io.hostbridge.core.transfer.internal;

import io.hostbridge.core.transfer.BlockHashing;
import io.hostbridge.blkhash.BlockHash;
import java.nio.ByteBuffer;
import java.util.List;

/** {@link BlockHashing} by {@link BlockHash}: imageio's blkhash, bit for bit, with every algorithm it supports. */
public final class BlockHashEngine implements BlockHashing {
    private static final List<String> ALGORITHMS = List.copyOf(BlockHash.algorithms());

    @Override
    public List<String> algorithms() {
        return ALGORITHMS; // sorted, as imageio lists them: blake2b comes first
    }

    @Override
    public Hasher start(String algorithm, int blockSize) {
        BlockHash hash = new BlockHash(algorithm, blockSize);
        return new Hasher() {
            @Override
            public void update(ByteBuffer data) {
                hash.update(data);
            }

            @Override
            public void zero(long length) {
                hash.zero(length);
            }

            @Override
            public String hexdigest() {
                return hash.hexdigest();
            }
        };
    }
}
