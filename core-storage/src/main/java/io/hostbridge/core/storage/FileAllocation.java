package io.hostbridge.core.storage;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The space a file occupies on disk (st_blocks × 512, what {@code du} and qemu-img's "disk size" report), read with
 * stat(2) through JNA: Java's file attributes do not include it, and running qemu-img for it costs milliseconds per
 * call. Only where the struct layout is known (Linux on x86-64 and aarch64, where st_size is at byte 48 and
 * st_blocks at 64); each answer is checked against the file size Java reads, and anything unexpected makes the
 * caller fall back to qemu-img.
 */
final class FileAllocation {
    private static final Logger LOG = LoggerFactory.getLogger(FileAllocation.class);
    private static final int SIZE_OFFSET = 48;
    private static final int BLOCKS_OFFSET = 64;
    private static final int STRUCT_BYTES = 256; // larger than struct stat on both architectures
    private static final LibC LIBC = load();

    private FileAllocation() {
    }

    interface LibC extends Library {
        int stat(String path, Memory buffer);
    }

    private static LibC load() {
        String arch = System.getProperty("os.arch");
        if (!System.getProperty("os.name").equals("Linux") || !(arch.equals("amd64") || arch.equals("aarch64"))) {
            return null;
        }
        try {
            return Native.load("c", LibC.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.info("stat(2) through JNA is unavailable ({}); allocated sizes come from qemu-img", e.toString());
            return null;
        }
    }

    /** Allocated bytes, or empty when they cannot be read this way. */
    static OptionalLong allocated(Path file) throws IOException {
        if (LIBC == null) {
            return OptionalLong.empty();
        }
        long size = Files.size(file);
        Memory buffer = new Memory(STRUCT_BYTES);
        if (LIBC.stat(file.toString(), buffer) != 0 || buffer.getLong(SIZE_OFFSET) != size) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(buffer.getLong(BLOCKS_OFFSET) * 512);
    }
}
