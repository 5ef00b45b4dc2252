package io.hostbridge.nbd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hostbridge.nbd.QemuNbd.Format;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NbdClientTest {

    private static final int MiB = 1 << 20;

    @TempDir
    Path dir;

    private QemuNbd serve(Path image, Format format) throws Exception {
        return QemuNbd.builder(image, format).socketDir(dir.resolve("run")).start();
    }

    @Test
    void writtenDataReadsBackAndLandsInTheRawFile() throws Exception {
        Path image = QemuImages.create(dir, "disk.raw", "raw", "8M");
        byte[] data = pattern(3 * MiB + 512, 7);
        try (QemuNbd nbd = serve(image, Format.RAW); NbdClient client = nbd.connect()) {
            assertThat(client.size()).isEqualTo(8 * MiB);
            assertThat(client.readOnly()).isFalse();
            client.write(MiB + 512, ByteBuffer.wrap(data));
            client.flush();

            ByteBuffer back = ByteBuffer.allocateDirect(data.length);
            client.read(MiB + 512, back);
            assertThat(back.position()).isEqualTo(data.length);
            assertThat(bytes(back.flip())).isEqualTo(data);
        }
        byte[] file = Files.readAllBytes(image);
        assertThat(Arrays.copyOfRange(file, MiB + 512, MiB + 512 + data.length)).isEqualTo(data);
        assertThat(Arrays.copyOfRange(file, 0, MiB + 512)).containsOnly(0);
    }

    @Test
    void requestsLargerThanTheMaximumBlockSizeAreSplit() throws Exception {
        Path image = QemuImages.create(dir, "big.qcow2", "qcow2", "80M");
        byte[] data = pattern(70 * MiB + 4096, 3);
        try (QemuNbd nbd = serve(image, Format.QCOW2); NbdClient client = nbd.connect()) {
            assertThat(client.maxBlockSize()).isLessThan(data.length);
            client.write(4096, ByteBuffer.wrap(data), true);
            ByteBuffer back = ByteBuffer.allocate(data.length);
            client.read(4096, back);
            assertThat(back.array()).isEqualTo(data);
        }
        Path raw = dir.resolve("big.raw");
        QemuImages.run(List.of("qemu-img", "convert", "-f", "qcow2", "-O", "raw", image.toString(), raw.toString()));
        byte[] file = Files.readAllBytes(raw);
        assertThat(Arrays.copyOfRange(file, 4096, 4096 + data.length)).isEqualTo(data);
    }

    @Test
    void zeroedRangesReadAsZerosWithAndWithoutHoles() throws Exception {
        Path image = QemuImages.create(dir, "z.qcow2", "qcow2", "16M");
        QemuImages.io(image, "qcow2", "write -P 0x55 0 16M");
        try (QemuNbd nbd = serve(image, Format.QCOW2); NbdClient client = nbd.connect()) {
            client.zero(2 * MiB, 2 * MiB, true);
            client.zero(8 * MiB, 3 * MiB, false);
            client.flush();

            ByteBuffer all = ByteBuffer.allocate(16 * MiB);
            client.read(0, all);
            byte[] b = all.array();
            assertThat(Arrays.copyOfRange(b, 2 * MiB, 4 * MiB)).containsOnly(0);
            assertThat(Arrays.copyOfRange(b, 8 * MiB, 11 * MiB)).containsOnly(0);
            assertThat(Arrays.copyOfRange(b, 4 * MiB, 8 * MiB)).containsOnly(0x55);
            assertThat(client.extents(0, client.size())).containsExactly(
                    new Extent(0, 2 * MiB, false, false),
                    new Extent(2 * MiB, 2 * MiB, true, false),
                    new Extent(4 * MiB, 4 * MiB, false, false),
                    new Extent(8 * MiB, 3 * MiB, true, false),
                    new Extent(11 * MiB, 5 * MiB, false, false));
        }
        assertThat(QemuImages.map(image, "qcow2")).containsExactlyElementsOf(mapOf(image));
    }

    @Test
    void extentsOfASparseQcow2MatchQemuImgMap() throws Exception {
        Path image = QemuImages.create(dir, "sparse.qcow2", "qcow2", "64M");
        QemuImages.io(image, "qcow2", "write -P 0x55 1M 2M", "write -z 8M 4M", "write -P 0x11 20M 64k",
                "write -P 0 30M 1M", "write -P 0x22 63M 1M");
        List<Extent> expected = QemuImages.map(image, "qcow2");
        try (QemuNbd nbd = serve(image, Format.QCOW2); NbdClient client = nbd.connect()) {
            assertThat(client.reportsHoles()).isTrue();
            List<Extent> extents = client.extents(0, client.size());
            assertThat(extents).containsExactlyElementsOf(expected);
            assertThat(extents).contains(new Extent(0, MiB, true, true), new Extent(MiB, 2 * MiB, false, false),
                    new Extent(8 * MiB, 4 * MiB, true, false));
            // a range inside the image is clipped to exactly that range
            assertThat(client.extents(MiB + 4096, 8 * MiB)).containsExactly(
                    new Extent(MiB + 4096, 2 * MiB - 4096, false, false),
                    new Extent(3 * MiB, 5 * MiB, true, true),
                    new Extent(8 * MiB, MiB + 4096, true, false));
        }
    }

    @Test
    void rawExtentsReportZerosButNeverHolesAndPunchingFreesSpace() throws Exception {
        Path image = QemuImages.create(dir, "sparse.raw", "raw", "8M");
        QemuImages.io(image, "raw", "write -P 0x55 2M 2M");
        long allocated = allocated(image);
        try (QemuNbd nbd = serve(image, Format.RAW); NbdClient client = nbd.connect()) {
            assertThat(client.reportsHoles()).isFalse();
            client.zero(2 * MiB, MiB, true);
            client.flush();
            assertThat(allocated(image)).isEqualTo(allocated - MiB);
            client.zero(5 * MiB, MiB, false);
            client.flush();
            assertThat(allocated(image)).isEqualTo(allocated);

            List<Extent> extents = client.extents(0, client.size());
            assertThat(extents).containsExactlyElementsOf(QemuImages.map(image, "raw"));
            assertThat(extents).noneMatch(Extent::hole)
                    .contains(new Extent(3 * MiB, MiB, false, false), new Extent(4 * MiB, 4 * MiB, true, false));
            ByteBuffer b = ByteBuffer.allocate(4 * MiB);
            client.read(2 * MiB, b);
            assertThat(Arrays.copyOfRange(b.array(), 0, MiB)).containsOnly(0);
            assertThat(Arrays.copyOfRange(b.array(), MiB, 2 * MiB)).containsOnly(0x55);
            assertThat(Arrays.copyOfRange(b.array(), 2 * MiB, 4 * MiB)).containsOnly(0);
        }
    }

    /** Bytes the file system allocated to a file (st_blocks * 512). */
    private static long allocated(Path file) throws Exception {
        return Long.parseLong(QemuImages.run(List.of("stat", "-c", "%b", file.toString())).strip()) * 512;
    }

    @Test
    void aQcow2OverlayShowsItsBackingFilesData() throws Exception {
        Path base = QemuImages.create(dir, "base.qcow2", "qcow2", "8M");
        QemuImages.io(base, "qcow2", "write -P 0xaa 0 2M");
        Path top = QemuImages.create(dir, "top.qcow2", "qcow2", "8M", "-b", base.toString(), "-F", "qcow2");
        QemuImages.io(top, "qcow2", "write -P 0xbb 1M 2M");
        try (QemuNbd nbd = serve(top, Format.QCOW2); NbdClient client = nbd.connect()) {
            ByteBuffer b = ByteBuffer.allocate(4 * MiB);
            client.read(0, b);
            assertThat(Arrays.copyOfRange(b.array(), 0, MiB)).containsOnly(0xaa);
            assertThat(Arrays.copyOfRange(b.array(), MiB, 3 * MiB)).containsOnly(0xbb);
            assertThat(Arrays.copyOfRange(b.array(), 3 * MiB, 4 * MiB)).containsOnly(0);
            assertThat(client.extents(0, client.size())).containsExactly(
                    new Extent(0, 3 * MiB, false, false),
                    new Extent(3 * MiB, 5 * MiB, true, true));
        }
        assertThat(QemuImages.map(top, "qcow2")).containsExactlyElementsOf(mapOf(top));
    }

    @Test
    void readingPastTheEndIsAClearErrorAndTheConnectionStaysUsable() throws Exception {
        Path image = QemuImages.create(dir, "small.raw", "raw", "1M");
        try (QemuNbd nbd = serve(image, Format.RAW); NbdClient client = nbd.connect()) {
            assertThatThrownBy(() -> client.read(MiB - 10, ByteBuffer.allocate(20)))
                    .isInstanceOf(NbdException.class)
                    .hasMessage("read of 20 bytes at offset 1048566 is outside export '' of 1048576 bytes");
            // the same read sent to the server anyway: qemu-nbd's error reply becomes an exception
            assertThatThrownBy(() -> client.readCommand(MiB - 10, ByteBuffer.allocate(20)))
                    .isInstanceOf(NbdException.class)
                    .hasMessageStartingWith("read of 20 bytes at offset 1048566 failed: EINVAL")
                    .satisfies(e -> assertThat(((NbdException) e).error()).isEqualTo(22));
            ByteBuffer ok = ByteBuffer.allocate(10);
            client.read(MiB - 10, ok);
            assertThat(ok.array()).containsOnly(0);
        }
    }

    @Test
    void aReadOnlyExportRefusesWrites() throws Exception {
        Path image = QemuImages.create(dir, "ro.qcow2", "qcow2", "1M");
        try (QemuNbd nbd = QemuNbd.builder(image, Format.QCOW2).socketDir(dir).readOnly(true).start();
             NbdClient client = nbd.connect()) {
            assertThat(client.readOnly()).isTrue();
            assertThatThrownBy(() -> client.write(0, ByteBuffer.allocate(512)))
                    .isInstanceOf(NbdException.class).hasMessage("cannot write: NBD export '' is read-only");
            assertThatThrownBy(() -> client.zero(0, 512, true))
                    .isInstanceOf(NbdException.class).hasMessage("cannot zero: NBD export '' is read-only");
        }
    }

    @Test
    void anUnknownExportNameIsRefusedByTheServer() throws Exception {
        Path image = QemuImages.create(dir, "named.raw", "raw", "1M");
        try (QemuNbd nbd = QemuNbd.builder(image, Format.RAW).socketDir(dir).exportName("disk").start()) {
            try (NbdClient client = nbd.connect()) {
                assertThat(client.size()).isEqualTo(MiB);
            }
            assertThatThrownBy(() -> NbdClient.connect(nbd.socket(), "other"))
                    .isInstanceOf(NbdException.class)
                    .hasMessageStartingWith("NBD server refused NBD_OPT_SET_META_CONTEXT for export 'other'");
        }
    }

    @Test
    void severalClientsWorkAtOnce() throws Exception {
        Path image = QemuImages.create(dir, "shared.qcow2", "qcow2", "32M");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (QemuNbd nbd = serve(image, Format.QCOW2)) {
            List<Callable<byte[]>> jobs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int n = i;
                jobs.add(() -> {
                    try (NbdClient client = nbd.connect()) {
                        for (int k = 0; k < 8; k++) {
                            client.write((long) n * 8 * MiB + k * MiB, ByteBuffer.wrap(pattern(MiB, n + 1)));
                        }
                        client.flush();
                        ByteBuffer back = ByteBuffer.allocate(8 * MiB);
                        client.read((long) n * 8 * MiB, back);
                        return back.array();
                    }
                });
            }
            List<Future<byte[]>> results = pool.invokeAll(jobs);
            for (int i = 0; i < 4; i++) {
                byte[] expected = pattern(MiB, i + 1);
                byte[] got = results.get(i).get();
                for (int k = 0; k < 8; k++) {
                    assertThat(Arrays.copyOfRange(got, k * MiB, (k + 1) * MiB)).isEqualTo(expected);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private List<Extent> mapOf(Path image) throws Exception {
        try (QemuNbd nbd = QemuNbd.builder(image, Format.QCOW2).socketDir(dir).readOnly(true).start();
             NbdClient client = nbd.connect()) {
            return client.extents(0, client.size());
        }
    }

    static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * seed % 251 + 1);
        }
        return b;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
