package io.hostbridge.core.storage;

import static io.hostbridge.core.storage.StorageFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The allocated size agrees with what stat(1) reports, for a sparse file and after data is written. */
class FileAllocationTest {
    @TempDir
    Path tmp;

    @Test
    void agreesWithStat() throws Exception {
        Path file = tmp.resolve("sparse");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(64 << 20);
        }
        assertThat(FileAllocation.allocated(file)).hasValue(blocks(file));
        run("qemu-io", "-f", "raw", "-c", "write -P 0x1 1M 3M", file.toString());
        assertThat(FileAllocation.allocated(file)).hasValue(blocks(file));
        assertThat(blocks(file)).isGreaterThanOrEqualTo(3 << 20);
    }

    private static long blocks(Path file) throws Exception {
        return Long.parseLong(run("stat", "-c", "%b", file.toString()).get(0).strip()) * 512;
    }
}
