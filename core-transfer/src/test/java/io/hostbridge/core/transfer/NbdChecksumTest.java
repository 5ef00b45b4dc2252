package io.hostbridge.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.blkhash.BlockHash;
import io.hostbridge.nbd.Extent;
import io.hostbridge.nbd.NbdClient;
import io.hostbridge.nbd.QemuImages;
import io.hostbridge.nbd.QemuNbd.Format;
import io.hostbridge.nbd.QemuNbd;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image server's checksum path: extents from NBD, zero extents hashed without reading them, data read
 * through the client. Expected values: imageio's {@code blkhash.checksum} of the same image converted to raw.
 */
class NbdChecksumTest {

    @TempDir
    Path dir;

    @Test
    void checksumOfASparseQcow2OverNbdMatchesImageio() throws Exception {
        Path image = QemuImages.create(dir, "c.qcow2", "qcow2", "64M");
        QemuImages.io(image, "qcow2", "write -P 0x55 1M 2M", "write -z 8M 4M", "write -P 0x11 20M 64k",
                "write -P 0x22 63M 1M");
        try (QemuNbd nbd = QemuNbd.builder(image, Format.QCOW2).socketDir(dir).readOnly(true).start();
             NbdClient client = nbd.connect()) {
            assertThat(checksum(client, new BlockHash()))
                    .isEqualTo("1935ad90f4def2997f64425e04132a7d26bb848e6513952fde85cf311d94f34f");
            assertThat(checksum(client, new BlockHash("sha256", 1 << 20)))
                    .isEqualTo("5f18ff4f1b06b63d78421cf145c12879d405b73a5085f5e63a46083fa40e1890");
        }
    }

    private static String checksum(NbdClient client, BlockHash hash) throws Exception {
        ByteBuffer buf = ByteBuffer.allocateDirect(4 << 20);
        for (Extent e : client.extents(0, client.size())) {
            if (e.zero()) {
                hash.zero(e.length());
                continue;
            }
            for (long at = e.start(); at < e.end(); at += buf.capacity()) {
                buf.clear().limit((int) Math.min(buf.capacity(), e.end() - at));
                client.read(at, buf);
                hash.update(buf.flip());
            }
        }
        assertThat(hash.length()).isEqualTo(client.size());
        return hash.hexdigest();
    }
}
