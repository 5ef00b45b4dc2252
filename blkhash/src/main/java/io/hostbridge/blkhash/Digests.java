package io.hostbridge.blkhash;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.bouncycastle.crypto.digests.Blake2sDigest;

/**
 * The hash functions of imageio's checksum, by their Python {@code hashlib} names: BLAKE2 from BouncyCastle
 * with imageio's 32-byte digests, MD5/SHA-1/SHA-2/SHA-3 from the JDK (which has CPU intrinsics for them).
 */
final class Digests {

    /** One running hash; {@link #finish()} returns the digest and resets it. */
    interface Hasher {
        void update(ByteBuffer data);

        void update(byte[] data, int offset, int length);

        byte[] finish();
    }

    private static final Map<String, Supplier<Hasher>> ALGORITHMS = algorithms();

    private Digests() {
    }

    static Map<String, Supplier<Hasher>> all() {
        return ALGORITHMS;
    }

    private static Map<String, Supplier<Hasher>> algorithms() {
        Map<String, Supplier<Hasher>> m = new TreeMap<>();
        m.put("blake2b", () -> new Bc(new Blake2bDigest(256)));
        m.put("blake2s", () -> new Bc(new Blake2sDigest(256)));
        jdk(m, "md5", "MD5");
        jdk(m, "sha1", "SHA-1");
        jdk(m, "sha224", "SHA-224");
        jdk(m, "sha256", "SHA-256");
        jdk(m, "sha384", "SHA-384");
        jdk(m, "sha512", "SHA-512");
        jdk(m, "sha3_224", "SHA3-224");
        jdk(m, "sha3_256", "SHA3-256");
        jdk(m, "sha3_384", "SHA3-384");
        jdk(m, "sha3_512", "SHA3-512");
        return Map.copyOf(m);
    }

    private static void jdk(Map<String, Supplier<Hasher>> m, String name, String jdkName) {
        m.put(name, () -> {
            try {
                return new Jdk(MessageDigest.getInstance(jdkName));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK lacks " + jdkName, e);
            }
        });
    }

    private record Jdk(MessageDigest md) implements Hasher {
        @Override
        public void update(ByteBuffer data) {
            md.update(data);
        }

        @Override
        public void update(byte[] data, int offset, int length) {
            md.update(data, offset, length);
        }

        @Override
        public byte[] finish() {
            return md.digest();
        }
    }

    /** A BouncyCastle digest; it takes arrays only, so direct buffers are copied through a scratch array. */
    private static final class Bc implements Hasher {
        private final Digest digest;
        private byte[] scratch;

        Bc(Digest digest) {
            this.digest = digest;
        }

        @Override
        public void update(ByteBuffer data) {
            if (data.hasArray()) {
                digest.update(data.array(), data.arrayOffset() + data.position(), data.remaining());
                data.position(data.limit());
                return;
            }
            if (scratch == null) {
                scratch = new byte[64 * 1024];
            }
            while (data.hasRemaining()) {
                int n = Math.min(scratch.length, data.remaining());
                data.get(scratch, 0, n);
                digest.update(scratch, 0, n);
            }
        }

        @Override
        public void update(byte[] data, int offset, int length) {
            digest.update(data, offset, length);
        }

        @Override
        public byte[] finish() {
            byte[] out = new byte[digest.getDigestSize()];
            digest.doFinal(out, 0);
            return out;
        }
    }
}
