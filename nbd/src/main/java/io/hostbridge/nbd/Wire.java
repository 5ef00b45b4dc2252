package io.hostbridge.nbd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/** Blocking full reads and writes on a socket channel; end of stream is an {@link NbdException}. */
final class Wire {

    private Wire() {
    }

    static void readFully(SocketChannel channel, ByteBuffer dst) throws IOException {
        while (dst.hasRemaining()) {
            if (channel.read(dst) < 0) {
                throw new NbdException("NBD server closed the connection");
            }
        }
    }

    static ByteBuffer read(SocketChannel channel, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        readFully(channel, buf);
        return buf.flip();
    }

    static void writeFully(SocketChannel channel, ByteBuffer... srcs) throws IOException {
        long left = 0;
        for (ByteBuffer src : srcs) {
            left += src.remaining();
        }
        while (left > 0) {
            left -= channel.write(srcs);
        }
    }

    /** Skips {@code length} bytes of a payload we do not use. */
    static void skip(SocketChannel channel, long length) throws IOException {
        ByteBuffer scratch = ByteBuffer.allocate((int) Math.min(length, 64 * 1024));
        while (length > 0) {
            scratch.clear().limit((int) Math.min(length, scratch.capacity()));
            readFully(channel, scratch);
            length -= scratch.limit();
        }
    }

    static String string(ByteBuffer buf, int length) {
        byte[] bytes = new byte[length];
        buf.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
