package io.hostbridge.core.transfer.internal;

import io.hostbridge.core.transfer.BlockHashing;
import io.hostbridge.blkhash.BlockHash;
import java.nio.ByteBuffer;
import java.util.List;

/** {@link BlockHashing} by {@link BlockHash}: imageio's blkhash, bit for bit, with every algorithm it supports. */
public final class BlockHashEngine implements BlockHashing {

    /** Made on first use, not at the agent's start: the digests come from BouncyCastle's signed jar, slow to load. */
    private static final class Algorithms {
        static final List<String> SORTED = List.copyOf(BlockHash.algorithms());
    }

    @Override
    public List<String> algorithms() {
        return Algorithms.SORTED; // sorted, as imageio lists them: blake2b comes first
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
