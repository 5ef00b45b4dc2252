package io.hostbridge.blkhash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checksums compared with imageio's own blkhash: the expected digests were produced by running imageio's
 * {@code blkhash.checksum(path, block_size, algorithm, digest_size)} (ovirt-imageio 2.5.x, system python3) on
 * files of the layouts below; data bytes are {@code offset % 251}.
 */
class BlockHashTest {

    private static final int MiB = 1 << 20;

    /** One run of an image layout: data or zeros. */
    private record Part(boolean zero, int length) {
        static Part data(int length) {
            return new Part(false, length);
        }

        static Part zeros(int length) {
            return new Part(true, length);
        }
    }

    private static final Map<String, List<Part>> LAYOUTS = Map.of(
            "empty", List.of(),
            "oneBlock4M", List.of(Part.data(4 * MiB)),
            "shortLast", List.of(Part.data(2 * MiB + 512 * 1024 + 123)),
            "allZero", List.of(Part.zeros(3 * MiB + 12345)),
            "mixed", List.of(Part.data(MiB), Part.zeros(2 * MiB), Part.data(512 * 1024), Part.zeros(MiB + 100)));

    /** "layout blockSize algorithm imageio's checksum". */
    private static final List<String> IMAGEIO = List.of(
            "empty 1048576 blake2b 0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8",
            "empty 4194304 blake2b 0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8",
            "empty 16777216 blake2b 0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8",
            "oneBlock4M 1048576 blake2b b85d7889854374ca9f9775d53477c8bdf38866aea6e96de57a0d653b6e1c5dba",
            "oneBlock4M 4194304 blake2b 4eeb6dfd24686947779feece02e80f968f6481a3eae3d3a1bb91cb11064a362d",
            "oneBlock4M 16777216 blake2b 4eeb6dfd24686947779feece02e80f968f6481a3eae3d3a1bb91cb11064a362d",
            "shortLast 1048576 blake2b 310f9a2903816ddb4685ac586fd9254e34bd56f7cb9bf4999c3493ff2a953f3c",
            "shortLast 4194304 blake2b 28b9cdfb5a192e98a94661d14e7801dce3dc7ae13748ef0145e4762049c29de3",
            "shortLast 16777216 blake2b 28b9cdfb5a192e98a94661d14e7801dce3dc7ae13748ef0145e4762049c29de3",
            "allZero 1048576 blake2b d345baf85c956145e1cd6fc320f28d37af6b7d589d6c3f2e19a7ee84ce39b320",
            "allZero 4194304 blake2b 1a759d6937448b372eb26fc8bd2651825ca89ae598d03f64aa13397e85c29910",
            "allZero 16777216 blake2b 1a759d6937448b372eb26fc8bd2651825ca89ae598d03f64aa13397e85c29910",
            "mixed 1048576 blake2b 92ca9bacb44471571528db9e91b7f09b6322b78d1db03fdf997cd8bc6c7eca04",
            "mixed 4194304 blake2b 80c514a1a76de58f75c7d1418437a98cceebef0db84f5ed975717eb0847a6fae",
            "mixed 16777216 blake2b bb7ba42357ad9c931b41a15944a1a4cd2b9ea273da1ccd0f96bbc3a2d09b910b",
            "mixed 1048576 blake2s 5d588c0a9c929fcd935e650bfb8be30888b4cbe522edfd7bc067bf050a734e75",
            "mixed 1048576 md5 7deb7297e24cbe227d53615c7bf764e8",
            "mixed 1048576 sha1 8907f0a39c905c8fe26c811683b4428a68335be3",
            "mixed 1048576 sha224 7adc404dec970f1a016ecc2157801aaff807e5074cef79a65b40adaa",
            "mixed 1048576 sha256 3234dd6e9f9faa07fd73aa03ec24ae66b5763a52e76fb219083de5bf0698ec05",
            "mixed 1048576 sha384 d237ca035306432719b23fa9138bd2391413a36cf424bbaef2c07e90492ba1f71be6d5695acc47c00b828e29b90218ec",
            "mixed 1048576 sha3_224 55209fd200d4681dbe8c6be9bd021f73f275a9752cb0ac15e3288da2",
            "mixed 1048576 sha3_256 49c26a55d9bd5d2be2afabb086708df430ad84fa2588b51dda816b84482817e6",
            "mixed 1048576 sha3_384 25f2eaece09305793c4dc7dd58059f719164d87ce14bf5178b4b0c6ca1357c9f2a0bc67ba71e7fc498d3722cd826a2f7",
            "mixed 1048576 sha3_512 76da2df0fda12527f779f8b01d25df5dd283ce050f9b2ee3d38f2f4cbd292aab4b524d9d73e998c6dff9141f3eb09e9ad25eb8a44e006b5bc15c0fdc19fc748e",
            "mixed 1048576 sha512 8216ad94a3c6960de625cb7141e50e1f95d280a2b5a4dffdc9ca7bccdfaefbe56961b072a8bfe0b5e4c950923e7bdcf4d8e2f9922688cedb362b0761af0265fe",
            "");

    static Stream<String[]> cases() {
        return IMAGEIO.stream().filter(s -> !s.isEmpty()).map(s -> s.split(" "));
    }

    @ParameterizedTest(name = "{0} bs={1} {2}")
    @MethodSource("cases")
    void wholeImageAsOneBufferMatchesImageio(String layout, String blockSize, String algorithm, String expected) {
        BlockHash h = new BlockHash(algorithm, Integer.parseInt(blockSize));
        h.update(ByteBuffer.wrap(image(layout)));
        assertThat(h.hexdigest()).isEqualTo(expected);
        assertThat(h.length()).isEqualTo(image(layout).length);
    }

    @ParameterizedTest(name = "{0} bs={1} {2}")
    @MethodSource("cases")
    void oddPiecesInDirectBuffersMatchImageio(String layout, String blockSize, String algorithm, String expected) {
        BlockHash h = new BlockHash(algorithm, Integer.parseInt(blockSize));
        byte[] image = image(layout);
        for (int at = 0; at < image.length; at += 100_003) {
            int n = Math.min(100_003, image.length - at);
            h.update(ByteBuffer.allocateDirect(n).put(image, at, n).flip());
        }
        assertThat(h.hexdigest()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} bs={1} {2}")
    @MethodSource("cases")
    void zeroRangesHashedWithoutDataMatchImageio(String layout, String blockSize, String algorithm, String expected) {
        BlockHash h = new BlockHash(algorithm, Integer.parseInt(blockSize));
        long offset = 0;
        for (Part part : LAYOUTS.get(layout)) {
            int n = part.length();
            if (part.zero()) {
                h.zero(n);
            } else {
                h.update(ByteBuffer.wrap(data(offset, n)));
            }
            offset += n;
        }
        assertThat(h.hexdigest()).isEqualTo(expected);
        assertThat(h.length()).isEqualTo(offset);
    }

    @Test
    void defaultsAreImageios() {
        BlockHash h = new BlockHash();
        assertThat(h.algorithm()).isEqualTo("blake2b");
        assertThat(h.blockSize()).isEqualTo(4 * MiB);
        h.update(ByteBuffer.wrap(image("mixed")));
        assertThat(h.hexdigest()).isEqualTo("80c514a1a76de58f75c7d1418437a98cceebef0db84f5ed975717eb0847a6fae");
    }

    @Test
    void emptyImageIsTheHashOfNoBlocks() {
        assertThat(new BlockHash().hexdigest())
                .isEqualTo("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
    }

    @Test
    void aZeroRangeEqualsTheSameZerosAsData() {
        // 4 MiB blocks, a zero range that starts and ends inside blocks
        BlockHash asData = new BlockHash();
        asData.update(ByteBuffer.wrap(data(0, 3 * MiB)));
        asData.update(ByteBuffer.allocate(9 * MiB + 7));
        asData.update(ByteBuffer.wrap(data(0, 5000)));
        BlockHash asZero = new BlockHash();
        asZero.update(ByteBuffer.wrap(data(0, 3 * MiB)));
        asZero.zero(9 * MiB + 7);
        asZero.update(ByteBuffer.wrap(data(0, 5000)));
        assertThat(asZero.hexdigest()).isEqualTo(asData.hexdigest());
    }

    @Test
    void supportsHashlibAlgorithmsThatImageioCanRun() {
        assertThat(BlockHash.algorithms()).containsExactly("blake2b", "blake2s", "md5", "sha1", "sha224", "sha256",
                "sha384", "sha3_224", "sha3_256", "sha3_384", "sha3_512", "sha512");
        assertThatThrownBy(() -> new BlockHash("shake_128", 4 * MiB))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unsupported checksum algorithm 'shake_128', supported: [blake2b, ");
    }

    @Test
    void blockSizesAreCheckedLikeImageio() {
        assertThat(BlockHash.checkBlockSize(MiB)).isEqualTo(MiB);
        assertThat(BlockHash.checkBlockSize(16 * MiB)).isEqualTo(16 * MiB);
        assertThatThrownBy(() -> BlockHash.checkBlockSize(MiB - 4096))
                .hasMessage("Block size out of allowed range: 1048576-16777216");
        assertThatThrownBy(() -> BlockHash.checkBlockSize(16L * MiB + 4096))
                .hasMessage("Block size out of allowed range: 1048576-16777216");
        assertThatThrownBy(() -> BlockHash.checkBlockSize(MiB + 512)).hasMessage("Block size is not aligned to 4096");
        assertThatThrownBy(() -> new BlockHash("blake2b", 0)).hasMessage("block size must be positive, got 0");
    }

    @Test
    void theChecksumIsFinal() {
        BlockHash h = new BlockHash();
        h.zero(10);
        String digest = h.hexdigest();
        assertThat(h.hexdigest()).isEqualTo(digest);
        assertThatThrownBy(() -> h.zero(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> h.update(ByteBuffer.allocate(1))).isInstanceOf(IllegalStateException.class);
    }

    private static byte[] image(String layout) {
        List<byte[]> parts = new ArrayList<>();
        long offset = 0;
        for (Part part : LAYOUTS.get(layout)) {
            int n = part.length();
            parts.add(part.zero() ? new byte[n] : data(offset, n));
            offset += n;
        }
        ByteBuffer all = ByteBuffer.allocate((int) offset);
        parts.forEach(all::put);
        return all.array();
    }

    /** imageio reference data: byte at image offset o is o % 251. */
    private static byte[] data(long offset, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ((offset + i) % 251);
        }
        return b;
    }
}
