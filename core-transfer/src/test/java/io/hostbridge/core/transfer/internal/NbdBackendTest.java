package io.hostbridge.core.transfer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hostbridge.api.transfer.TransferExtent;
import io.hostbridge.core.transfer.ImageBackend;
import io.hostbridge.core.transfer.ImageBackendContract;
import io.hostbridge.nbd.QemuImages;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The qcow2 backend over a real qemu-nbd: its connection pool and its shared life across tickets. */
@Timeout(60)
class NbdBackendTest implements ImageBackendContract {
    private final AtomicInteger images = new AtomicInteger();

    @TempDir
    Path dir;

    @Override
    public ImageBackend newBackend(long size) throws Exception {
        return NbdBackend.open(qcow2(Long.toString(size)), true, dir.resolve("run"), CALLERS, CALLERS, b -> { });
    }

    private Path qcow2(String size) throws Exception {
        return QemuImages.create(dir, "disk-" + images.incrementAndGet() + ".qcow2", "qcow2", size);
    }

    /** 32 callers on 8 threads share 2 NBD connections (qemu-nbd --shared=2): they take turns, none waits forever. */
    @Test
    void moreCallersThanConnectionsTakeTurns() throws Exception {
        Path image = qcow2("8M");
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try (NbdBackend backend = NbdBackend.open(image, true, dir.resolve("run"), 2, 2, b -> { })) {
            List<Future<byte[]>> calls = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                int n = i;
                calls.add(threads.submit(() -> {
                    byte[] data = new byte[64 * KiB];
                    Arrays.fill(data, (byte) (n + 1));
                    backend.write(n * 256L * KiB, ByteBuffer.wrap(data));
                    ByteBuffer back = ByteBuffer.allocate(64 * KiB);
                    assertThat(backend.read(n * 256L * KiB, back)).isEqualTo(64 * KiB);
                    return back.array();
                }));
            }
            for (int i = 0; i < 32; i++) {
                assertThat(calls.get(i).get(30, TimeUnit.SECONDS)).containsOnly(i + 1);
            }
            backend.flush();
            List<TransferExtent> extents = backend.extents(0, backend.size());
            assertThat(extents.get(0)).isEqualTo(new TransferExtent(0, 64 * KiB, false, false, false));
            assertThat(extents.get(1)).isEqualTo(new TransferExtent(64 * KiB, 192 * KiB, true, true, false));
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aReadOnlyImageRefusesWrites() throws Exception {
        Path image = qcow2("1M");
        try (NbdBackend backend = NbdBackend.open(image, false, dir.resolve("run"), 8, 8, b -> { })) {
            assertThatThrownBy(() -> backend.write(0, ByteBuffer.allocate(512))).isInstanceOf(IOException.class)
                    .hasMessageContaining("read-only");
        }
    }

    /** The guest's bytes are qcow2 clusters, not a plain file's: nothing to send straight from a file. */
    @Test
    void noRegionIsOffered() throws Exception {
        try (ImageBackend backend = newBackend(MiB)) {
            assertThat(backend.region(0, 4 * KiB)).isEmpty();
        }
    }

    /** Each ticket on the volume closes the backend once; the last close stops qemu-nbd and removes its socket. */
    @Test
    void theLastUserStopsQemuNbd() throws Exception {
        Path image = qcow2("1M");
        Path run = dir.resolve("run");
        AtomicInteger stops = new AtomicInteger();
        NbdBackend backend = NbdBackend.open(image, true, run, 8, 8, b -> stops.incrementAndGet());
        assertThat(backend.retain()).isTrue();
        backend.close();
        assertThat(stops).hasValue(0);
        assertThat(backend.extents(0, backend.size())).hasSize(1);
        backend.close();
        assertThat(stops).hasValue(1);
        assertThat(backend.retain()).isFalse();
        try (var files = Files.list(run)) {
            assertThat(files.toList()).isEmpty();
        }
        assertThatThrownBy(() -> backend.flush()).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }
}
