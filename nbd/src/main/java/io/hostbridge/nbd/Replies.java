package io.hostbridge.nbd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Receives the reply to one command: a simple reply, or structured chunks until the DONE flag. Error chunks
 * are collected and raised once the reply is complete, so the connection stays usable after a failed command.
 */
final class Replies {

    /** What a command does with the payload of its reply. */
    interface Payload {
        /** Reads the data after a successful simple reply (only READ has any). */
        default void simple() throws IOException {
        }

        /** Consumes exactly {@code length} bytes of a structured chunk of {@code type}. */
        void chunk(int type, int length) throws IOException;

        /** Checks the complete, successful reply. */
        default void done() throws IOException {
        }
    }

    /** Commands whose replies carry no data. */
    static final Payload NO_PAYLOAD = (type, length) -> {
        throw new NbdException("unexpected NBD reply chunk type " + type);
    };

    private final SocketChannel channel;
    private final ByteBuffer header = ByteBuffer.allocateDirect(20);

    Replies(SocketChannel channel) {
        this.channel = channel;
    }

    void receive(long cookie, String what, Payload payload) throws IOException {
        String error = null;
        int errno = 0;
        while (true) {
            header.clear().limit(16);
            Wire.readFully(channel, header);
            int magic = header.getInt(0);
            if (magic == Nbd.SIMPLE_REPLY_MAGIC) {
                checkCookie(header.getLong(8), cookie);
                int e = header.getInt(4);
                if (e != 0) {
                    throw new NbdException(what + " failed: " + Nbd.errorName(e), e);
                }
                payload.simple();
                payload.done();
                return;
            }
            if (magic != Nbd.STRUCTURED_REPLY_MAGIC) {
                throw new NbdException("bad NBD reply magic 0x" + Integer.toHexString(magic));
            }
            header.limit(20);
            Wire.readFully(channel, header);
            int flags = header.getShort(4) & 0xffff;
            int type = header.getShort(6) & 0xffff;
            checkCookie(header.getLong(8), cookie);
            int length = header.getInt(16);
            if (length < 0) {
                throw new NbdException("NBD reply chunk too long: " + Integer.toUnsignedString(length));
            }
            if ((type & Nbd.REPLY_TYPE_ERROR_BIT) != 0) {
                ByteBuffer body = Wire.read(channel, length);
                int e = body.getInt();
                String message = Wire.string(body, Math.min(body.getShort() & 0xffff, body.remaining()));
                if (error == null) {
                    errno = e;
                    error = Nbd.errorName(e) + (message.isEmpty() ? "" : " (" + message + ")");
                }
            } else if (type != Nbd.REPLY_TYPE_NONE) {
                payload.chunk(type, length);
            } else if (length != 0) {
                Wire.skip(channel, length);
            }
            if ((flags & Nbd.REPLY_FLAG_DONE) != 0) {
                break;
            }
        }
        if (error != null) {
            throw new NbdException(what + " failed: " + error, errno);
        }
        payload.done();
    }

    private static void checkCookie(long got, long expected) throws NbdException {
        if (got != expected) {
            throw new NbdException("NBD reply for cookie " + got + ", expected " + expected);
        }
    }
}
