package io.hostbridge.bridge.stream;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Objects;

/**
 * One packet of a data stream as bindings move it, libvirt's model: data ({@link Status#CONTINUE}; an empty one
 * is the end of the sender's data), a {@link Status#HOLE} (a length of zeros, no data), {@link Status#OK} (the
 * finishing handshake) or {@link Status#ERROR} (abort, with a code and a message safe to show).
 *
 * @param seq        the packet's number in its direction of its stream, from 0
 * @param data       the data of a CONTINUE packet (empty otherwise); the packet owns it
 * @param holeLength the length of a HOLE, 0 otherwise
 * @param code       the error code of an ERROR packet ({@link io.hostbridge.api.ErrorCode}), 0 otherwise
 * @param message    the message of an ERROR packet, null otherwise
 */
public record StreamPacket(Status status, long seq, ByteBuffer data, long holeLength, int code, String message) {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    public StreamPacket {
        Objects.requireNonNull(status, "status");
        data = data == null ? EMPTY : data;
    }

    /** What a packet says. */
    public enum Status {
        CONTINUE, HOLE, OK, ERROR;

        /** The name on the wire: {@code continue}, {@code hole}, {@code ok}, {@code error}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The status with this wire name, or null. */
        public static Status ofWireName(String name) {
            for (Status s : values()) {
                if (s.wireName().equals(name)) {
                    return s;
                }
            }
            return null;
        }
    }

    public static StreamPacket data(long seq, ByteBuffer bytes) {
        return new StreamPacket(Status.CONTINUE, seq, bytes, 0, 0, null);
    }

    /** The end of the sender's data: an empty CONTINUE. */
    public static StreamPacket endOfData(long seq) {
        return new StreamPacket(Status.CONTINUE, seq, EMPTY, 0, 0, null);
    }

    public static StreamPacket hole(long seq, long length) {
        return new StreamPacket(Status.HOLE, seq, EMPTY, length, 0, null);
    }

    public static StreamPacket ok(long seq) {
        return new StreamPacket(Status.OK, seq, EMPTY, 0, 0, null);
    }

    public static StreamPacket error(long seq, int code, String message) {
        return new StreamPacket(Status.ERROR, seq, EMPTY, 0, code, message);
    }

    /** True for an empty CONTINUE: the sender has no more data. */
    public boolean isEndOfData() {
        return status == Status.CONTINUE && !data.hasRemaining();
    }

    /** Bytes of data this packet carries. */
    public int size() {
        return data.remaining();
    }

    @Override
    public String toString() {
        return status.wireName() + " #" + seq + (status == Status.CONTINUE ? " " + size() + " bytes"
                : status == Status.HOLE ? " " + holeLength : status == Status.ERROR ? " " + code : "");
    }
}
