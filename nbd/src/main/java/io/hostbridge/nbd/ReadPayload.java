package io.hostbridge.nbd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** The reply to one READ: data and hole chunks land at their place in the caller's buffer, in any order. */
final class ReadPayload implements Replies.Payload {

    private static final byte[] ZEROS = new byte[64 * 1024];

    private final SocketChannel channel;
    private final long offset;
    private final ByteBuffer dst;
    private final ByteBuffer chunkHeader = ByteBuffer.allocate(12);
    private long filled;

    ReadPayload(SocketChannel channel, long offset, ByteBuffer dst) {
        this.channel = channel;
        this.offset = offset;
        this.dst = dst;
    }

    @Override
    public void simple() throws IOException {
        Wire.readFully(channel, dst.duplicate());
        filled = dst.remaining();
    }

    @Override
    public void chunk(int type, int length) throws IOException {
        if (type == Nbd.REPLY_TYPE_OFFSET_DATA && length >= 8) {
            chunkHeader.clear().limit(8);
            Wire.readFully(channel, chunkHeader);
            Wire.readFully(channel, target(chunkHeader.getLong(0), length - 8));
            filled += length - 8;
        } else if (type == Nbd.REPLY_TYPE_OFFSET_HOLE && length == 12) {
            chunkHeader.clear();
            Wire.readFully(channel, chunkHeader);
            ByteBuffer hole = target(chunkHeader.getLong(0), chunkHeader.getInt(8) & 0xffffffffL);
            while (hole.hasRemaining()) {
                hole.put(ZEROS, 0, Math.min(ZEROS.length, hole.remaining()));
            }
            filled += hole.capacity();
        } else {
            throw new NbdException("unexpected NBD read reply chunk type " + type + " of " + length + " bytes");
        }
    }

    @Override
    public void done() throws NbdException {
        if (filled != dst.remaining()) {
            throw new NbdException("NBD read reply covered " + filled + " of " + dst.remaining() + " bytes");
        }
    }

    private ByteBuffer target(long chunkOffset, long length) throws NbdException {
        long at = chunkOffset - offset;
        if (at < 0 || length < 0 || at + length > dst.remaining()) {
            throw new NbdException("NBD read reply chunk at offset " + chunkOffset + " (" + length
                    + " bytes) is outside the request at offset " + offset + " (" + dst.remaining() + " bytes)");
        }
        return dst.slice(dst.position() + (int) at, (int) length);
    }
}
