package io.hostbridge.core.transfer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.transfer.TransferExtent;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The raw backend on a real file: allocation from the file system, punched holes, positional I/O. */
class FileBackendTest {
    private static final int MiB = 1 << 20;

    @TempDir
    Path dir;

    private Path sparseFile(long size, long... dataAt) throws Exception {
        Path path = dir.resolve("volume");
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
            f.setLength(size);
            byte[] data = new byte[MiB];
            Arrays.fill(data, (byte) 7);
            for (long at : dataAt) {
                f.seek(at);
                f.write(data);
            }
        }
        return path;
    }

    @Test
    void extentsFollowTheFileSystemsAllocation() throws Exception {
        Path path = sparseFile(8L * MiB, 2L * MiB, 3L * MiB, 7L * MiB);
        try (FileBackend backend = FileBackend.open(path, false, 8, 8)) {
            assertThat(backend.extents(0, 8L * MiB)).containsExactly(
                    new TransferExtent(0, 2L * MiB, true, true, false),
                    new TransferExtent(2L * MiB, 2L * MiB, false, false, false),
                    new TransferExtent(4L * MiB, 3L * MiB, true, true, false),
                    new TransferExtent(7L * MiB, MiB, false, false, false));
            // a window inside: cut to it
            assertThat(backend.extents(MiB, 2L * MiB)).containsExactly(
                    new TransferExtent(MiB, MiB, true, true, false),
                    new TransferExtent(2L * MiB, MiB, false, false, false));
        }
    }

    @Test
    void anEmptyFileIsOneHole() throws Exception {
        Path path = sparseFile(4L * MiB);
        try (FileBackend backend = FileBackend.open(path, false, 8, 8)) {
            List<TransferExtent> extents = backend.extents(0, 4L * MiB);
            assertThat(extents).containsExactly(new TransferExtent(0, 4L * MiB, true, true, false));
        }
    }

    @Test
    void zeroPunchesHolesOrZeroesInPlace() throws Exception {
        Path path = sparseFile(4L * MiB, 0, MiB, 2L * MiB, 3L * MiB);
        try (FileBackend backend = FileBackend.open(path, true, 8, 8)) {
            backend.zero(MiB, MiB, true);
            backend.zero(2L * MiB, MiB, false);
            backend.flush();
            byte[] bytes = Files.readAllBytes(path);
            assertThat(Arrays.copyOfRange(bytes, MiB, 3 * MiB)).containsOnly(0);
            assertThat(Arrays.copyOfRange(bytes, 0, MiB)).containsOnly(7);
            assertThat(Arrays.copyOfRange(bytes, 3 * MiB, 4 * MiB)).containsOnly(7);
            // the punched range is a hole now; the zeroed one may stay allocated
            assertThat(backend.extents(MiB, MiB)).containsExactly(new TransferExtent(MiB, MiB, true, true, false));
        }
    }

    @Test
    void positionalReadsAndWrites() throws Exception {
        Path path = sparseFile(MiB);
        try (FileBackend backend = FileBackend.open(path, true, 8, 8)) {
            backend.write(1000, ByteBuffer.wrap(new byte[] {1, 2, 3}));
            ByteBuffer back = ByteBuffer.allocate(5);
            assertThat(backend.read(999, back)).isEqualTo(5);
            assertThat(back.array()).containsExactly(0, 1, 2, 3, 0);
            ByteBuffer pastEnd = ByteBuffer.allocate(10);
            assertThat(backend.read(MiB - 4, pastEnd)).isEqualTo(4);
            assertThat(backend.size()).isEqualTo(MiB);
        }
    }
}
