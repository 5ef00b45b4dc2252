package io.hostbridge.nbd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hostbridge.nbd.QemuNbd.Format;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QemuNbdTest {

    @TempDir
    Path dir;

    @Test
    void closeStopsTheProcessAndRemovesTheSocket() throws Exception {
        Path image = QemuImages.create(dir, "disk.qcow2", "qcow2", "1M");
        QemuNbd nbd = QemuNbd.builder(image, Format.QCOW2).socketDir(dir.resolve("run")).start();
        long pid = nbd.pid();
        assertThat(command(pid)).contains("qemu-nbd", "--persistent", "--shared=8", "--allocation-depth",
                "--discard=unmap", "--detect-zeroes=unmap", "--cache=none", "--aio=native");
        assertThat(nbd.socket()).exists().hasParent(dir.resolve("run").toAbsolutePath());
        try (NbdClient client = nbd.connect()) {
            assertThat(client.size()).isEqualTo(1 << 20);
        }
        nbd.close();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
        assertThat(nbd.socket()).doesNotExist();
        try (var files = Files.list(dir.resolve("run"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void writebackCacheWhenAsked() throws Exception {
        Path image = QemuImages.create(dir, "disk.raw", "raw", "1M");
        try (QemuNbd nbd = QemuNbd.builder(image, Format.RAW).socketDir(dir).readOnly(true)
                .cache(QemuNbd.Cache.WRITEBACK).start()) {
            assertThat(command(nbd.pid())).contains("--cache=writeback", "--aio=threads", "--read-only")
                    .doesNotContain("--allocation-depth", "--discard=unmap");
        }
    }

    @Test
    void aMissingImageIsAClearError() {
        Path missing = dir.resolve("nope.qcow2");
        assertThatThrownBy(() -> QemuNbd.builder(missing, Format.QCOW2).socketDir(dir).start())
                .isInstanceOf(NbdException.class)
                .hasMessage("cannot serve " + missing + ": no such file");
    }

    @Test
    void qemuNbdsOwnErrorIsReportedWhenItCannotStart() throws Exception {
        Path image = QemuImages.create(dir, "disk.raw", "raw", "1M");
        assertThatThrownBy(() -> QemuNbd.builder(image, Format.QCOW2).socketDir(dir).start())
                .isInstanceOf(NbdException.class)
                .hasMessageContaining("qemu-nbd failed to serve " + image)
                .hasMessageContaining("Image is not in qcow2 format");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(image);
        }
    }

    @Test
    void aTooLongSocketPathIsRefused() throws Exception {
        Path image = QemuImages.create(dir, "disk.raw", "raw", "1M");
        Path deep = dir.resolve("x".repeat(120));
        assertThatThrownBy(() -> QemuNbd.builder(image, Format.RAW).socketDir(deep).start())
                .isInstanceOf(NbdException.class)
                .hasMessageStartingWith("unix socket path too long (max 107 bytes)");
    }

    @Test
    void staleSocketsAreRemovedAndLiveOnesKept() throws Exception {
        Path image = QemuImages.create(dir, "disk.raw", "raw", "1M");
        Path stale = dir.resolve(QemuNbd.SOCKET_PREFIX + "dead.sock");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(stale));
        }
        Files.writeString(dir.resolve(QemuNbd.SOCKET_PREFIX + "dead.log"), "old log");
        assertThat(stale).exists();
        try (QemuNbd live = QemuNbd.builder(image, Format.RAW).socketDir(dir).start()) {
            QemuNbd.removeStaleSockets(dir);
            assertThat(stale).doesNotExist();
            assertThat(dir.resolve(QemuNbd.SOCKET_PREFIX + "dead.log")).doesNotExist();
            assertThat(live.socket()).exists();
            try (NbdClient client = live.connect()) {
                assertThat(client.size()).isEqualTo(1 << 20);
            }
        }
    }

    static List<String> command(long pid) throws Exception {
        String raw = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8);
        return List.of(raw.split("\0"));
    }
}
