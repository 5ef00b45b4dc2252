package io.hostbridge.nbd;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Whether a file can be opened with O_DIRECT (not on tmpfs, for one), as qemu's cache=none needs. */
final class DirectIo {

    private DirectIo() {
    }

    static boolean supported(Path file, boolean readOnly) {
        try (FileChannel ignored = readOnly
                ? FileChannel.open(file, StandardOpenOption.READ, ExtendedOpenOption.DIRECT)
                : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                        ExtendedOpenOption.DIRECT)) {
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
