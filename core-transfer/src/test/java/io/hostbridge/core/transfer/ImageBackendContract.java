package io.hostbridge.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.transfer.ReadableRegion;
import io.hostbridge.api.transfer.TransferExtent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link ImageBackend} must do with a new, empty image. An implementation's test implements this
 * interface and supplies {@link #newBackend}; what only one backend does (a file's holes, qemu-nbd's connection
 * pool) stays in that backend's test. Waits are futures with deadlines, never sleeps.
 */
@Timeout(60)
public interface ImageBackendContract {
    int KiB = 1024;
    int MiB = 1024 * KiB;
    long SIZE = 8L * MiB;
    /** A multiple of every allocation unit in play (qcow2 clusters, file system blocks): extents fall on chunks. */
    int CHUNK = 64 * KiB;
    /** Threads that call the backend at once; {@link #newBackend} serves at least this many. */
    int CALLERS = 4;
    long DEADLINE_SECONDS = 30;

    /** A writable backend over a new, empty image of {@code size} bytes, for {@link #CALLERS} readers and writers. */
    ImageBackend newBackend(long size) throws Exception;

    /** The guest-visible extents reduced to what both backends report alike: where they start, end, read zero. */
    record Span(long start, long length, boolean zero) {
        static List<Span> of(List<TransferExtent> extents) {
            return extents.stream().map(e -> new Span(e.start(), e.length(), e.zero())).toList();
        }
    }

    @Test
    default void aNewImageHasItsSizeAndIsOneZeroExtent() throws Exception {
        try (ImageBackend backend = newBackend(SIZE)) {
            assertThat(backend.size()).isEqualTo(SIZE);
            assertThat(backend.extents(0, SIZE)).containsExactly(new TransferExtent(0, SIZE, true, true, false));
            assertThat(read(backend, SIZE - CHUNK, CHUNK)).containsOnly(0);
        }
    }

    @Test
    default void writesReadBackAtTheirOffsets() throws Exception {
        try (ImageBackend backend = newBackend(SIZE)) {
            backend.write(1000, ByteBuffer.wrap(new byte[] {1, 2, 3}));
            backend.write(3L * MiB - 512, filled(CHUNK + 1024, 9));

            assertThat(read(backend, 999, 5)).containsExactly(0, 1, 2, 3, 0);
            byte[] across = read(backend, 3L * MiB - 1024, CHUNK + 2048);
            assertThat(Arrays.copyOfRange(across, 0, 512)).containsOnly(0);
            assertThat(Arrays.copyOfRange(across, 512, CHUNK + 1536)).containsOnly(9);
            assertThat(Arrays.copyOfRange(across, CHUNK + 1536, CHUNK + 2048)).containsOnly(0);
        }
    }

    @Test
    default void readsStopAtTheEndOfTheImage() throws Exception {
        try (ImageBackend backend = newBackend(SIZE)) {
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);

            assertThat(backend.read(SIZE - 4 * KiB, buffer)).isEqualTo(4 * KiB);
            assertThat(buffer.position()).isEqualTo(4 * KiB);
            assertThat(backend.read(SIZE, buffer.clear())).isZero();
            assertThat(buffer.position()).isZero();
        }
    }

    @ParameterizedTest(name = "punchHole={0}")
    @ValueSource(booleans = {true, false})
    default void zeroedRangesReadBackAsZeroes(boolean punchHole) throws Exception {
        try (ImageBackend backend = newBackend(SIZE)) {
            backend.write(MiB, filled(4 * CHUNK, 7));

            backend.zero(MiB + CHUNK, 2 * CHUNK, punchHole);
            backend.zero(MiB, 0, punchHole);

            assertThat(read(backend, MiB, CHUNK)).containsOnly(7);
            assertThat(read(backend, MiB + CHUNK, 2 * CHUNK)).containsOnly(0);
            assertThat(read(backend, MiB + 3 * CHUNK, CHUNK)).containsOnly(7);
        }
    }

    /** The test storage can deallocate, so a punched range is reported as reading zeroes, not as data. */
    @Test
    default void extentsReportWhatWasWrittenAndWhatWasPunched() throws Exception {
        try (ImageBackend backend = newBackend(SIZE)) {
            backend.write(MiB, filled(2 * CHUNK, 5));
            backend.write(5L * MiB, filled(3 * CHUNK, 6));
            backend.zero(5L * MiB + CHUNK, CHUNK, true);

            assertThat(Span.of(backend.extents(0, SIZE))).containsExactly(
                    new Span(0, MiB, true),
                    new Span(MiB, 2 * CHUNK, false),
                    new Span(MiB + 2 * CHUNK, 4L * MiB - 2 * CHUNK, true),
                    new Span(5L * MiB, CHUNK, false),
                    new Span(5L * MiB + CHUNK, CHUNK, true),
                    new Span(5L * MiB + 2 * CHUNK, CHUNK, false),
                    new Span(5L * MiB + 3 * CHUNK, 3L * MiB - 3 * CHUNK, true));
        }
    }

    @Test
    default void extentsCoverTheAskedRangeInOrder() throws Exception {
        try (ImageBackend backend = newBackend(SIZE)) {
            for (long at = 0; at < SIZE; at += 3 * CHUNK) {
                backend.write(at, filled(CHUNK, 1));
            }
            long[][] windows = {{0, SIZE}, {CHUNK / 2, 5 * CHUNK}, {MiB + 123, 1}, {SIZE - 4 * KiB, 4 * KiB}};
            for (long[] window : windows) {
                List<TransferExtent> extents = backend.extents(window[0], window[1]);
                long next = window[0];
                for (TransferExtent extent : extents) {
                    assertThat(extent.start()).as("extent %s in window %s", extent, Arrays.toString(window))
                            .isEqualTo(next);
                    assertThat(extent.length()).isPositive();
                    assertThat(extent.zero()).isEqualTo(extent.start() / CHUNK % 3 != 0);
                    next = extent.start() + extent.length();
                }
                assertThat(next).as("end of window %s", Arrays.toString(window)).isEqualTo(window[0] + window[1]);
            }
        }
    }

    @Test
    default void flushKeepsWhatWasWritten() throws Exception {
        try (ImageBackend backend = newBackend(SIZE)) {
            backend.flush();
            backend.write(2L * MiB, filled(CHUNK, 3));

            backend.flush();

            assertThat(read(backend, 2L * MiB, CHUNK)).containsOnly(3);
        }
    }

    /** A backend need not offer regions; one it offers is open for the caller and holds what a read returns. */
    @Test
    default void aRegionWhenOfferedHoldsWhatAReadReturns() throws Exception {
        try (ImageBackend backend = newBackend(SIZE)) {
            backend.write(MiB, filled(CHUNK, 4));

            Optional<ReadableRegion> offered = backend.region(MiB - 512, CHUNK);

            if (offered.isPresent()) {
                ReadableRegion region = offered.get();
                try (var channel = region.channel()) {
                    assertThat(region.position()).isEqualTo(MiB - 512);
                    assertThat(region.count()).isEqualTo(CHUNK);
                    ByteBuffer bytes = ByteBuffer.allocate(CHUNK);
                    int n;
                    do {
                        n = channel.read(bytes, region.position() + bytes.position());
                    } while (n >= 0 && bytes.hasRemaining());
                    assertThat(bytes.array()).isEqualTo(read(backend, MiB - 512, CHUNK));
                }
            }
        }
    }

    /** Transfers call a backend from several threads at once, each on its own range. */
    @Test
    default void concurrentCallsOnDistinctRangesEachSeeTheirOwnBytes() throws Exception {
        int ranges = 4 * CALLERS;
        ExecutorService threads = Executors.newFixedThreadPool(CALLERS);
        try (ImageBackend backend = newBackend(SIZE)) {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < ranges; i++) {
                int range = i;
                writes.add(threads.submit(() -> {
                    backend.write(range * 2L * CHUNK, filled(CHUNK, range + 1));
                    return null;
                }));
            }
            for (Future<?> write : writes) {
                write.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
            }
            List<Future<byte[]>> reads = new ArrayList<>();
            for (int i = 0; i < 4 * ranges; i++) {
                int range = i % ranges;
                reads.add(threads.submit(() -> read(backend, range * 2L * CHUNK, CHUNK)));
            }
            for (int i = 0; i < reads.size(); i++) {
                assertThat(reads.get(i).get(DEADLINE_SECONDS, TimeUnit.SECONDS)).as("range %d", i % ranges)
                        .containsOnly(i % ranges + 1);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    static ByteBuffer filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return ByteBuffer.wrap(bytes);
    }

    /** Exactly {@code length} bytes at {@code offset}, read in one call. */
    static byte[] read(ImageBackend backend, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        assertThat(backend.read(offset, buffer)).isEqualTo(length);
        assertThat(buffer.hasRemaining()).isFalse();
        return buffer.array();
    }
}
