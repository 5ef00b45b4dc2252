package io.hostbridge.core.vm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Disk files for VMs on the test driver, which never opens them but the agent checks they exist where a VM may
 * use them: empty files in one directory per test JVM, which {@link CoreAgent} makes the agent's {@code vm.isoDir}.
 */
final class TestDisks {
    static final Path DIR = directory();

    private TestDisks() {
    }

    /** The file {@code name} in {@link #DIR}, created empty when missing. */
    static Path file(String name) {
        Path file = DIR.resolve(name);
        try {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            // made by an earlier test
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static Path directory() {
        try {
            Path dir = Files.createTempDirectory("hostbridge-vm-disks").toRealPath();
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
