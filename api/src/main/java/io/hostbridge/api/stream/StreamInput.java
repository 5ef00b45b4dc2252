package io.hostbridge.api.stream;

import java.nio.ByteBuffer;
import java.util.Objects;

/** One packet from the caller: data, a hole (a length of zeros), or the end of the caller's data (its OK). */
public final class StreamInput {
    private static final StreamInput END = new StreamInput(null, 0);

    private final ByteBuffer data;
    private final long holeLength;

    private StreamInput(ByteBuffer data, long holeLength) {
        this.data = data;
        this.holeLength = holeLength;
    }

    public static StreamInput data(ByteBuffer bytes) {
        return new StreamInput(Objects.requireNonNull(bytes, "bytes").asReadOnlyBuffer(), 0);
    }

    public static StreamInput hole(long length) {
        if (length <= 0) {
            throw new IllegalArgumentException("a hole's length must be positive, got " + length);
        }
        return new StreamInput(null, length);
    }

    public static StreamInput end() {
        return END;
    }

    public boolean isData() {
        return data != null;
    }

    public boolean isHole() {
        return data == null && holeLength > 0;
    }

    public boolean isEnd() {
        return this == END;
    }

    /** The data (read-only); only for a data packet. */
    public ByteBuffer data() {
        if (data == null) {
            throw new IllegalStateException("not a data packet");
        }
        return data.duplicate();
    }

    /** Bytes this packet covers: the data's length or the hole's; 0 for the end. */
    public long length() {
        return data != null ? data.remaining() : holeLength;
    }

    @Override
    public String toString() {
        return isEnd() ? "end" : (isData() ? "data " : "hole ") + length();
    }
}
