package io.hostbridge.core.transfer.internal;

import com.sun.jna.LastErrorException;
import io.hostbridge.api.transfer.ReadableRegion;
import io.hostbridge.api.transfer.TransferExtent;
import io.hostbridge.core.transfer.ImageBackend;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A raw volume: its file's bytes are the guest's. Data moves with positional reads and writes (safe from
 * several threads on distinct ranges); allocation is read with {@code SEEK_DATA}/{@code SEEK_HOLE} and zeroing
 * uses {@code fallocate}, on a descriptor of the same file.
 */
public final class FileBackend implements ImageBackend {
    private static final ByteBuffer ZEROES = ByteBuffer.allocateDirect(1 << 20).asReadOnlyBuffer();

    private final Path path;
    private final FileChannel channel;
    private final int fd;
    private final int maxReaders;
    private final int maxWriters;

    private FileBackend(Path path, FileChannel channel, int fd, int maxReaders, int maxWriters) {
        this.path = path;
        this.channel = channel;
        this.fd = fd;
        this.maxReaders = maxReaders;
        this.maxWriters = maxWriters;
    }

    /** Opens {@code path} read-only, or for reading and writing. */
    public static FileBackend open(Path path, boolean writable, int maxReaders, int maxWriters) throws IOException {
        FileChannel channel = writable
                ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(path, StandardOpenOption.READ);
        try {
            int fd = Libc.open(path.toString(), (writable ? Libc.O_RDWR : Libc.O_RDONLY) | Libc.O_CLOEXEC);
            return new FileBackend(path, channel, fd, maxReaders, maxWriters);
        } catch (LastErrorException e) {
            channel.close();
            throw new IOException("cannot open " + path + ": errno " + e.getErrorCode(), e);
        }
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public int read(long offset, ByteBuffer dst) throws IOException {
        int total = 0;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, offset + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        long position = offset;
        while (src.hasRemaining()) {
            position += channel.write(src, position);
        }
    }

    @Override
    public void zero(long offset, long length, boolean punchHole) throws IOException {
        if (length == 0) {
            return;
        }
        int mode = punchHole ? Libc.FALLOC_FL_PUNCH_HOLE | Libc.FALLOC_FL_KEEP_SIZE : Libc.FALLOC_FL_ZERO_RANGE;
        try {
            Libc.fallocate(fd, mode, offset, length);
            return;
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Libc.EOPNOTSUPP && e.getErrorCode() != Libc.EINVAL) {
                throw new IOException("fallocate on " + path + " failed: errno " + e.getErrorCode(), e);
            }
        }
        // the file system cannot: write zeroes
        long position = offset;
        long end = offset + length;
        while (position < end) {
            ByteBuffer chunk = ZEROES.duplicate();
            chunk.limit((int) Math.min(chunk.capacity(), end - position));
            write(position, chunk);
            position += chunk.limit();
        }
    }

    @Override
    public void flush() throws IOException {
        channel.force(false);
    }

    @Override
    public List<TransferExtent> extents(long offset, long length) throws IOException {
        List<TransferExtent> out = new ArrayList<>();
        long end = offset + length;
        long position = offset;
        while (position < end) {
            long data = seek(position, Libc.SEEK_DATA);
            if (data < 0 || data >= end) {
                add(out, position, end - position, true);
                break;
            }
            if (data > position) {
                add(out, position, data - position, true);
            }
            long hole = Math.min(seek(data, Libc.SEEK_HOLE), end);
            add(out, data, hole - data, false);
            position = hole;
        }
        return out;
    }

    /** Appends an extent, merging it with the previous one of the same kind. */
    private static void add(List<TransferExtent> out, long start, long length, boolean hole) {
        if (!out.isEmpty()) {
            TransferExtent last = out.get(out.size() - 1);
            if (last.hole() == hole) {
                out.set(out.size() - 1, new TransferExtent(last.start(), last.length() + length, hole, hole, false));
                return;
            }
        }
        out.add(new TransferExtent(start, length, hole, hole, false));
    }

    /** lseek; -1 when there is no data at or after {@code offset} (ENXIO). */
    private long seek(long offset, int whence) throws IOException {
        try {
            return Libc.lseek(fd, offset, whence);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Libc.ENXIO) {
                return whence == Libc.SEEK_HOLE ? channel.size() : -1;
            }
            throw new IOException("lseek on " + path + " failed: errno " + e.getErrorCode(), e);
        }
    }

    @Override
    public Optional<ReadableRegion> region(long offset, long length) throws IOException {
        return Optional.of(new ReadableRegion(FileChannel.open(path, StandardOpenOption.READ), offset, length));
    }

    @Override
    public int maxReaders() {
        return maxReaders;
    }

    @Override
    public int maxWriters() {
        return maxWriters;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a file we only read and wrote positionally; nothing to recover
        }
        try {
            Libc.close(fd);
        } catch (LastErrorException ignored) {
            // as above
        }
    }
}
