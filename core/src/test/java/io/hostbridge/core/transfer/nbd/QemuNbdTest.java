package io.hostbridge.core.transfer.nbd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hostbridge.core.Poll;
import io.hostbridge.core.transfer.nbd.QemuNbd.Format;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

    @Test
    void qemuNbdDiesWhenTheJvmThatStartedItIsKilled() throws Exception {
        Path image = QemuImages.create(dir, "disk.raw", "raw", "1M");
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ServeUntilKilled.class.getName(),
                image.toString(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long pid;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            pid = Long.parseLong(out.readLine());
            assertThat(ProcessHandle.of(pid)).isPresent();
            assertThat(command(pid)).contains("qemu-nbd");
            jvm.destroyForcibly().waitFor();
        }
        Poll.until(Duration.ofSeconds(10), () -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                alive -> !alive, "qemu-nbd " + pid + " gone after its JVM was killed");
        QemuNbd.removeStaleSockets(dir);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(image);
        }
    }

    /** Child JVM for the test above: starts qemu-nbd, prints its pid, waits to be killed. */
    public static final class ServeUntilKilled {
        public static void main(String[] args) throws Exception {
            QemuNbd nbd = QemuNbd.builder(Path.of(args[0]), Format.RAW).socketDir(Path.of(args[1])).start();
            System.out.println(nbd.pid());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    private static List<String> command(long pid) throws Exception {
        String raw = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8);
        return List.of(raw.split("\0"));
    }
}
