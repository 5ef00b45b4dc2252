package io.hostbridge.nbd;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A client for one NBD connection over a unix socket (fixed newstyle handshake, structured replies,
 * {@code base:allocation} and {@code qemu:allocation-depth} block status).
 *
 * <p>Not thread-safe: one command is on the wire at a time, so a client must be used by one thread at a
 * time. Open one client per concurrent user (the image server opens one per HTTP connection); qemu-nbd
 * serves as many as its {@code --shared} count.
 *
 * <p>Reads and writes larger than the server's maximum block size are split into several commands.
 * Server errors, protocol violations and a lost connection are {@link NbdException}s.
 */
public final class NbdClient implements AutoCloseable {

    /** Largest range asked for in one WRITE_ZEROES or BLOCK_STATUS command (the wire field is 32 bits). */
    static final int MAX_RANGE = 1 << 30;

    private final SocketChannel channel;
    private final String exportName;
    private final String bitmap;
    private final ExportInfo info;
    private final Replies replies;
    private final ByteBuffer request = ByteBuffer.allocateDirect(28);
    private long cookie;

    private NbdClient(SocketChannel channel, String exportName, String bitmap, ExportInfo info) {
        this.channel = channel;
        this.exportName = exportName;
        this.bitmap = bitmap;
        this.info = info;
        this.replies = new Replies(channel);
    }

    /** Connects to the export {@code exportName} ("" is the default export) served on a unix socket. */
    public static NbdClient connect(Path socket, String exportName) throws IOException {
        return connect(socket, exportName, null);
    }

    /**
     * Connects to the export {@code exportName} served on a unix socket, also asking for the server's dirty bitmap
     * {@code bitmap} (its meta context {@code qemu:dirty-bitmap:<bitmap>}) when not null, for {@link #dirtyExtents}.
     */
    public static NbdClient connect(Path socket, String exportName, String bitmap) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            channel.close();
            throw new NbdException("cannot connect to NBD socket " + socket + ": " + e.getMessage());
        }
        try {
            return new NbdClient(channel, exportName, bitmap, Handshake.negotiate(channel, exportName, bitmap));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Size of the export in bytes. */
    public long size() {
        return info.size();
    }

    /** Whether the server exports the image read-only. */
    public boolean readOnly() {
        return info.has(Nbd.TFLAG_READ_ONLY);
    }

    /** Whether several connections to this export see each other's flushed writes (NBD CAN_MULTI_CONN). */
    public boolean canMultiConn() {
        return info.has(Nbd.TFLAG_CAN_MULTI_CONN);
    }

    /** The server's largest payload for one READ or WRITE; larger requests are split. */
    public int maxBlockSize() {
        return info.maxBlock();
    }

    /** The server's preferred I/O size. */
    public int preferredBlockSize() {
        return info.preferredBlock();
    }

    /** Whether {@link #extents} reports qcow2 holes (the server offers {@code qemu:allocation-depth}). */
    public boolean reportsHoles() {
        return info.hasContext(Nbd.ALLOCATION_DEPTH);
    }

    /** Reads {@code dst.remaining()} bytes at {@code offset} into {@code dst}, advancing its position. */
    public void read(long offset, ByteBuffer dst) throws IOException {
        checkRange("read", offset, dst.remaining());
        while (dst.hasRemaining()) {
            int n = Math.min(dst.remaining(), info.maxBlock());
            ByteBuffer part = dst.slice(dst.position(), n);
            readCommand(offset, part);
            dst.position(dst.position() + n);
            offset += n;
        }
    }

    /** Writes {@code src.remaining()} bytes at {@code offset}, advancing its position. */
    public void write(long offset, ByteBuffer src) throws IOException {
        write(offset, src, false);
    }

    /** Writes like {@link #write(long, ByteBuffer)}; with {@code fua} the data is durable when this returns. */
    public void write(long offset, ByteBuffer src, boolean fua) throws IOException {
        checkWritable("write");
        checkRange("write", offset, src.remaining());
        short flags = fua && info.has(Nbd.TFLAG_SEND_FUA) ? Nbd.CMD_FLAG_FUA : 0;
        while (src.hasRemaining()) {
            int n = Math.min(src.remaining(), info.maxBlock());
            ByteBuffer part = src.slice(src.position(), n);
            long c = send(Nbd.CMD_WRITE, flags, offset, n, part);
            replies.receive(c, "write of " + n + " bytes at offset " + offset, Replies.NO_PAYLOAD);
            src.position(src.position() + n);
            offset += n;
        }
    }

    /**
     * Makes {@code length} bytes at {@code offset} read as zeros. With {@code punchHole} the server may
     * deallocate the range (sparse result); without it the range stays allocated (NBD NO_HOLE).
     */
    public void zero(long offset, long length, boolean punchHole) throws IOException {
        checkWritable("zero");
        checkRange("zero", offset, length);
        if (!info.has(Nbd.TFLAG_SEND_WRITE_ZEROES)) {
            throw new NbdException("NBD export '" + exportName + "' does not support WRITE_ZEROES");
        }
        short flags = punchHole ? 0 : Nbd.CMD_FLAG_NO_HOLE;
        while (length > 0) {
            int n = (int) Math.min(length, MAX_RANGE);
            long c = send(Nbd.CMD_WRITE_ZEROES, flags, offset, n, null);
            replies.receive(c, "zero of " + n + " bytes at offset " + offset, Replies.NO_PAYLOAD);
            offset += n;
            length -= n;
        }
    }

    /** Makes all completed writes durable; a no-op when the server does not ask for flushes. */
    public void flush() throws IOException {
        if (info.has(Nbd.TFLAG_SEND_FLUSH)) {
            long c = send(Nbd.CMD_FLUSH, (short) 0, 0, 0, null);
            replies.receive(c, "flush", Replies.NO_PAYLOAD);
        }
    }

    /**
     * The allocation status of {@code [offset, offset + length)}: extents covering exactly that range, in order,
     * adjacent extents with equal flags merged. Without {@code base:allocation} the range is one data extent.
     */
    public List<Extent> extents(long offset, long length) throws IOException {
        checkRange("extents", offset, length);
        List<Extent> out = new ArrayList<>();
        Integer base = contextId(Nbd.BASE_ALLOCATION);
        if (base == null) {
            if (length > 0) {
                out.add(new Extent(offset, length, false, false));
            }
            return out;
        }
        Integer depth = contextId(Nbd.ALLOCATION_DEPTH);
        blockStatus(offset, offset + length, (status, from, end) -> status.appendTo(out, from, end, base, depth));
        return out;
    }

    /** Appends one BLOCK_STATUS reply's extents from {@code from}; returns the offset after the last one. */
    private interface Appender {
        long append(BlockStatus status, long from, long end) throws IOException;
    }

    /** BLOCK_STATUS commands from {@code offset} until {@code end} is described. */
    private void blockStatus(long offset, long end, Appender appender) throws IOException {
        while (offset < end) {
            int n = (int) Math.min(end - offset, MAX_RANGE);
            long c = send(Nbd.CMD_BLOCK_STATUS, (short) 0, offset, n, null);
            BlockStatus status = new BlockStatus(channel);
            replies.receive(c, "block status of " + n + " bytes at offset " + offset, status);
            long next = appender.append(status, offset, end);
            if (next == offset) {
                throw new NbdException("NBD server returned no extents at offset " + offset);
            }
            offset = next;
        }
    }

    /** Whether the server exports the dirty bitmap this client asked for. */
    public boolean hasDirtyBitmap() {
        return bitmap != null && contextId(Nbd.DIRTY_BITMAP + bitmap) != null;
    }

    /**
     * The dirty bitmap's view of {@code [offset, offset + length)}: extents covering exactly that range, in order,
     * each dirty or clean and zero or not (from {@code base:allocation}), adjacent equal extents merged, as imageio
     * reports {@code context=dirty}.
     *
     * @throws NbdException when the server does not export the bitmap asked for at {@link #connect}
     */
    public List<DirtyExtent> dirtyExtents(long offset, long length) throws IOException {
        checkRange("dirty extents", offset, length);
        Integer dirty = bitmap == null ? null : contextId(Nbd.DIRTY_BITMAP + bitmap);
        if (dirty == null) {
            throw new NbdException("NBD export '" + exportName + "' has no dirty bitmap"
                    + (bitmap == null ? "" : " '" + bitmap + "'"));
        }
        Integer base = contextId(Nbd.BASE_ALLOCATION);
        List<DirtyExtent> out = new ArrayList<>();
        blockStatus(offset, offset + length, (status, from, end) -> status.appendDirtyTo(out, from, end, dirty,
                base));
        return out;
    }

    /** Sends NBD_CMD_DISC and closes the connection. */
    @Override
    public void close() throws IOException {
        try {
            if (channel.isOpen()) {
                send(Nbd.CMD_DISC, (short) 0, 0, 0, null);
            }
        } catch (IOException e) {
            // the server is gone already: nothing left to disconnect
        } finally {
            channel.close();
        }
    }

    /** One READ command without client-side checks (the caller keeps within the maximum block size). */
    void readCommand(long offset, ByteBuffer dst) throws IOException {
        long c = send(Nbd.CMD_READ, (short) 0, offset, dst.remaining(), null);
        replies.receive(c, "read of " + dst.remaining() + " bytes at offset " + offset,
                new ReadPayload(channel, offset, dst));
    }

    private long send(short type, short flags, long offset, int length, ByteBuffer payload) throws IOException {
        long c = ++cookie;
        request.clear().putInt(Nbd.REQUEST_MAGIC).putShort(flags).putShort(type)
                .putLong(c).putLong(offset).putInt(length).flip();
        if (payload == null) {
            Wire.writeFully(channel, request);
        } else {
            Wire.writeFully(channel, request, payload);
        }
        return c;
    }

    private Integer contextId(String name) {
        for (Map.Entry<Integer, String> e : info.contexts().entrySet()) {
            if (e.getValue().equals(name)) {
                return e.getKey();
            }
        }
        return null;
    }

    private void checkRange(String what, long offset, long length) throws NbdException {
        if (offset < 0 || length < 0 || length > info.size() - offset) {
            throw new NbdException(what + " of " + length + " bytes at offset " + offset
                    + " is outside export '" + exportName + "' of " + info.size() + " bytes");
        }
    }

    private void checkWritable(String what) throws NbdException {
        if (readOnly()) {
            throw new NbdException("cannot " + what + ": NBD export '" + exportName + "' is read-only");
        }
    }
}
