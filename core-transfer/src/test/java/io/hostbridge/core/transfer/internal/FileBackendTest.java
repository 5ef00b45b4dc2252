package io.hostbridge.core.transfer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.transfer.ReadableRegion;
import io.hostbridge.api.transfer.TransferExtent;
import io.hostbridge.core.transfer.ImageBackend;
import io.hostbridge.core.transfer.ImageBackendContract;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The raw backend on a real file: allocation from the file system, punched holes, the file as the region. */
class FileBackendTest implements ImageBackendContract {

    @TempDir
    Path dir;

    @Override
    public ImageBackend newBackend(long size) throws Exception {
        return FileBackend.open(sparseFile(size), true, CALLERS, CALLERS);
    }

    private Path sparseFile(long size, long... dataAt) throws Exception {
        Path path = Files.createTempFile(dir, "volume", "");
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

    /** Zeroing changes the file itself: a punched range becomes a hole, the other is zeroed in place. */
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

    /** The guest's bytes are the file's, so a region can send them straight from it. */
    @Test
    void aRegionIsOfferedOnTheFileItself() throws Exception {
        Path path = sparseFile(2L * MiB, MiB);
        try (FileBackend backend = FileBackend.open(path, false, 8, 8)) {
            ReadableRegion region = backend.region(MiB, 4 * KiB).orElseThrow();
            try (var channel = region.channel()) {
                assertThat(channel.size()).isEqualTo(Files.size(path));
                ByteBuffer bytes = ByteBuffer.allocate(4 * KiB);
                assertThat(channel.read(bytes, region.position())).isEqualTo(4 * KiB);
                assertThat(bytes.array()).containsOnly(7);
            }
        }
    }
}
