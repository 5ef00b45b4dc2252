package io.hostbridge.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.core.Poll;
import io.hostbridge.core.Spawner;
import io.hostbridge.nbd.QemuImages;
import io.hostbridge.nbd.QemuNbd;
import io.hostbridge.nbd.QemuNbd.Format;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The qemu-nbd a transfer starts through the agent's {@link Spawner} does not outlive the agent. */
class QemuNbdLifetimeTest {

    @TempDir
    Path dir;

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
            QemuNbd nbd = QemuNbd.builder(Path.of(args[0]), Format.RAW).socketDir(Path.of(args[1]))
                    .launcher(Spawner::start).start();
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
