package io.hostbridge.core.transfer.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;

/** The few Linux calls the JDK does not offer for files: {@code lseek(SEEK_DATA/SEEK_HOLE)}, {@code fallocate}. */
final class Libc {
    static final int O_RDONLY = 0;
    static final int O_RDWR = 2;
    static final int O_CLOEXEC = 0x80000;
    static final int SEEK_DATA = 3;
    static final int SEEK_HOLE = 4;
    static final int FALLOC_FL_KEEP_SIZE = 0x01;
    static final int FALLOC_FL_PUNCH_HOLE = 0x02;
    static final int FALLOC_FL_ZERO_RANGE = 0x10;
    static final int ENXIO = 6;
    static final int EOPNOTSUPP = 95;
    static final int EINVAL = 22;

    static {
        Native.register(Libc.class, "c");
    }

    private Libc() {
    }

    static native int open(String path, int flags) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native long lseek(int fd, long offset, int whence) throws LastErrorException;

    static native int fallocate(int fd, int mode, long offset, long length) throws LastErrorException;
}
