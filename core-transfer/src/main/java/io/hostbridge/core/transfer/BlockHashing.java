package io.hostbridge.core.transfer;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The blkhash checksum engine (bit-identical to imageio's), bound in {@link TransferModule} to
 * {@link io.hostbridge.blkhash.BlockHash}; an {@code OptionalBinder} seam: an injector without it
 * answers the checksum routes with "unavailable".
 */
public interface BlockHashing {

    /** Algorithms accepted by {@link #start}; blake2b first. */
    List<String> algorithms();

    /** A fresh hash of a whole image, block by block. */
    Hasher start(String algorithm, int blockSize);

    /** Consumes an image in order: data through {@link #update}, zero runs through {@link #zero}. */
    interface Hasher {
        void update(ByteBuffer data);

        void zero(long length);

        String hexdigest();
    }
}
