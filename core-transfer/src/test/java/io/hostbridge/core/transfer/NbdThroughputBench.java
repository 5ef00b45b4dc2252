package io.hostbridge.core.transfer;

import io.hostbridge.blkhash.BlockHash;
import io.hostbridge.nbd.NbdClient;
import io.hostbridge.nbd.QemuImages;
import io.hostbridge.nbd.QemuNbd.Cache;
import io.hostbridge.nbd.QemuNbd.Format;
import io.hostbridge.nbd.QemuNbd;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throughput of the NBD client against qemu-nbd, next to qemu-img convert and dd on the same files, and of
 * blkhash. Not a test: run with {@code -Dtest=NbdThroughputBench -Dhostbridge.bench=true} (see bench/nbd-notes.md).
 */
@EnabledIfSystemProperty(named = "hostbridge.bench", matches = "true")
class NbdThroughputBench {

    private static final int MiB = 1 << 20;
    private static final int SIZE_MIB = Integer.getInteger("hostbridge.bench.mib", 512);
    private static final int BUF = 4 * MiB;

    @TempDir
    Path dir;

    @Test
    void run() throws Exception {
        ByteBuffer data = ByteBuffer.allocateDirect(BUF);
        byte[] random = new byte[BUF];
        ThreadLocalRandom.current().nextBytes(random);
        data.put(random).flip();
        for (Cache cache : List.of(Cache.NONE, Cache.WRITEBACK)) {
            for (String format : List.of("raw", "qcow2")) {
                Path image = QemuImages.create(dir, "nbd-" + cache + "." + format, format, SIZE_MIB + "M");
                try (QemuNbd nbd = QemuNbd.builder(image, Format.valueOf(format.toUpperCase()))
                        .socketDir(dir).cache(cache).start(); NbdClient client = nbd.connect()) {
                    long t0 = System.nanoTime();
                    for (long at = 0; at < client.size(); at += BUF) {
                        client.write(at, data.duplicate());
                    }
                    client.flush();
                    report("nbd write " + format + " cache=" + cache, t0);
                    ByteBuffer dst = ByteBuffer.allocateDirect(BUF);
                    t0 = System.nanoTime();
                    for (long at = 0; at < client.size(); at += BUF) {
                        client.read(at, dst.clear());
                    }
                    report("nbd read  " + format + " cache=" + cache, t0);
                }
            }
        }
        Path src = dir.resolve("nbd-NONE.raw");
        Path dst = dir.resolve("copy.raw");
        long t0 = System.nanoTime();
        QemuImages.run(List.of("qemu-img", "convert", "-f", "raw", "-O", "raw", "-t", "none", "-T", "none",
                src.toString(), dst.toString()));
        report("qemu-img convert raw->raw -t none -T none", t0);
        t0 = System.nanoTime();
        QemuImages.run(List.of("dd", "if=" + src, "of=/dev/null", "bs=4M", "iflag=direct", "status=none"));
        report("dd read  bs=4M iflag=direct", t0);
        t0 = System.nanoTime();
        QemuImages.run(List.of("dd", "if=" + src, "of=" + dir.resolve("dd.raw"), "bs=4M", "oflag=direct",
                "conv=fsync", "status=none"));
        report("dd copy  bs=4M oflag=direct (reads cached)", t0);

        blkhash("blake2b", data, false);
        blkhash("blake2b", ByteBuffer.allocateDirect(BUF), false);
        blkhash("blake2b", data, true);
        blkhash("sha256", data, false);
    }

    private static void blkhash(String algorithm, ByteBuffer data, boolean zeros) {
        BlockHash h = new BlockHash(algorithm, BlockHash.DEFAULT_BLOCK_SIZE);
        long t0 = System.nanoTime();
        for (int i = 0; i < SIZE_MIB / 4; i++) {
            if (zeros) {
                h.zero(BUF);
            } else {
                h.update(data.duplicate());
            }
        }
        h.hexdigest();
        String kind = zeros ? " zero() ranges" : data.get(0) == 0 && data.get(BUF - 1) == 0 ? " zero data" : " data";
        report("blkhash " + algorithm + kind, t0);
    }

    private static void report(String what, long t0) {
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("BENCH %-45s %8.0f MiB/s (%d MiB in %.2f s)%n", what, SIZE_MIB / seconds, SIZE_MIB,
                seconds);
    }
}
