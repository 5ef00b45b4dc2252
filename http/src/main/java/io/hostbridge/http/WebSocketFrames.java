package io.hostbridge.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;
import org.glassfish.grizzly.websockets.ClosingFrame;
import org.glassfish.grizzly.websockets.DataFrame;
import org.glassfish.grizzly.websockets.FrameType;
import org.glassfish.grizzly.websockets.FramingException;
import org.glassfish.grizzly.websockets.frametypes.ClosingFrameType;
import org.glassfish.grizzly.websockets.frametypes.ContinuationFrameType;
import org.glassfish.grizzly.websockets.frametypes.PingFrameType;
import org.glassfish.grizzly.websockets.frametypes.PongFrameType;
import org.glassfish.grizzly.websockets.frametypes.TextFrameType;
import org.glassfish.grizzly.websockets.rfc6455.RFC6455Handler;

/**
 * Cuts a peer's bytes into WebSocket messages. Grizzly's RFC 6455 parser decodes each frame, but only once the
 * frame is whole: its header is read here first, so a frame larger than the limit is refused before anything of
 * it is kept (Grizzly's own filter would buffer it whole, however large it claims to be). Fragments are joined.
 * One thread at a time.
 */
final class WebSocketFrames {
    /** What the peer sent, in order. */
    sealed interface Inbound {
    }

    record Text(String text) implements Inbound {
    }

    record Binary(byte[] bytes) implements Inbound {
    }

    record Ping(byte[] bytes) implements Inbound {
    }

    record Close(int code) implements Inbound {
    }

    /**
     * The peer broke the protocol: close with {@code code}. After a bad frame nothing the peer sends counts; after
     * one too large, the frames that follow are still read (for the peer's close).
     */
    record Broken(int code, String reason) implements Inbound {
    }

    private final int maxMessageBytes;
    private final MemoryManager<?> memory;
    private final RFC6455Handler codec = new RFC6455Handler(false);
    private Buffer partial;
    private boolean broken;
    /** Bytes of a refused frame still to pass over, so that the frames after it (the peer's close) are read. */
    private long skipping;
    private boolean joiningText;
    private long joinedBytes;
    private final ByteArrayOutputStream joinedBinary = new ByteArrayOutputStream();
    private final StringBuilder joinedText = new StringBuilder();

    WebSocketFrames(int maxMessageBytes, MemoryManager<?> memory) {
        this.maxMessageBytes = maxMessageBytes;
        this.memory = memory;
    }

    /** The messages that {@code input} completes; what it leaves of a frame waits for the next input. */
    List<Inbound> cut(Buffer input) {
        if (broken) {
            return List.of();
        }
        Buffer buffer = partial == null ? input : Buffers.appendBuffers(memory, partial, input);
        partial = null;
        List<Inbound> out = new ArrayList<>();
        while (buffer.hasRemaining() && !broken) {
            if (skipping > 0) {
                int skipped = (int) Math.min(skipping, buffer.remaining());
                buffer.position(buffer.position() + skipped);
                skipping -= skipped;
                continue;
            }
            long payload = payloadLength(buffer);
            if (payload == -1) {
                break; // the header is not all here yet
            }
            int b0 = buffer.get(buffer.position()) & 0xFF;
            boolean control = (b0 & 0x08) != 0;
            if ((buffer.get(buffer.position() + 1) & 0x80) == 0) {
                out.add(broken(1002, "a client's frames must be masked"));
            } else if (!control && (payload < 0 || payload > maxMessageBytes - joinedBytes)) {
                out.add(new Broken(1009, "a message of " + (payload < 0 ? "more than 2^63" : joinedBytes + payload)
                        + " bytes; at most " + maxMessageBytes));
                // its frame is passed over unread, and what follows still counts: the peer's answer to the close
                skipping = payload < 0 ? Long.MAX_VALUE : headerLength(buffer) + payload;
                joinedBytes = 0;
            } else if (buffer.remaining() < headerLength(buffer) + payload) {
                break; // the frame is not all here yet
            } else {
                Inbound message = decode(buffer, payload);
                if (message != null) {
                    out.add(message);
                }
            }
        }
        if (!broken && buffer.hasRemaining()) {
            buffer.shrink();
            partial = buffer;
        }
        return out;
    }

    private Inbound decode(Buffer buffer, long payload) {
        int b0 = buffer.get(buffer.position()) & 0xFF;
        if (b0 == 0x82 && joinedBytes == 0) {
            return new Binary(unmaskedPayload(buffer, (int) payload)); // a whole binary message: the hot path
        }
        DataFrame frame;
        try {
            frame = codec.unframe(buffer);
        } catch (FramingException e) {
            return broken(e.getClosingCode(), e.getMessage());
        } catch (RuntimeException e) { // Grizzly's UTF-8 decoder, on a final fragment that ends mid-character
            return broken(1007, "text that is not UTF-8");
        }
        FrameType type = frame.getType();
        if (type instanceof PingFrameType) {
            return new Ping(frame.getBytes());
        }
        if (type instanceof PongFrameType) {
            return null;
        }
        if (type instanceof ClosingFrameType) {
            return new Close(((ClosingFrame) frame).getCode());
        }
        if (!(type instanceof ContinuationFrameType)) {
            joiningText = type instanceof TextFrameType;
            if (frame.isLast()) {
                return joiningText ? new Text(frame.getTextPayload()) : new Binary(frame.getBytes());
            }
        }
        joinedBytes += payload;
        if (joiningText) {
            joinedText.append(frame.getTextPayload());
        } else {
            joinedBinary.writeBytes(frame.getBytes());
        }
        if (!frame.isLast()) {
            return null;
        }
        Inbound whole = joiningText ? new Text(joinedText.toString()) : new Binary(joinedBinary.toByteArray());
        joinedText.setLength(0);
        joinedBinary.reset();
        joinedBytes = 0;
        return whole;
    }

    /**
     * The payload of the masked frame at the buffer's position, unmasked, the buffer moved past it: one bulk copy,
     * then the mask applied eight bytes at a time (Grizzly's decoder reads and unmasks a byte at a time, which made
     * a WebSocket upload cost a core at some 80 MB/s).
     */
    private static byte[] unmaskedPayload(Buffer buffer, int payload) {
        int header = headerLength(buffer);
        int at = buffer.position();
        byte[] mask = new byte[4];
        for (int i = 0; i < 4; i++) {
            mask[i] = buffer.get(at + header - 4 + i);
        }
        buffer.position(at + header);
        byte[] data = new byte[payload];
        buffer.get(data);
        long mask8 = 0;
        for (int i = 0; i < 8; i++) {
            mask8 = mask8 << 8 | (mask[i % 4] & 0xFF);
        }
        ByteBuffer view = ByteBuffer.wrap(data); // big-endian: byte i of a long is data[at + i], as mask8's
        int i = 0;
        for (; i + 8 <= payload; i += 8) {
            view.putLong(i, view.getLong(i) ^ mask8);
        }
        for (; i < payload; i++) {
            data[i] ^= mask[i % 4];
        }
        return data;
    }

    private Broken broken(int code, String reason) {
        broken = true;
        return new Broken(code, reason);
    }

    /** The payload length the frame header at the buffer's position declares; -1 when it is not all here. */
    private static long payloadLength(Buffer buffer) {
        int at = buffer.position();
        if (buffer.remaining() < 2) {
            return -1;
        }
        int code = buffer.get(at + 1) & 0x7F;
        if (code < 126) {
            return code;
        }
        int bytes = code == 126 ? 2 : 8;
        if (buffer.remaining() < 2 + bytes) {
            return -1;
        }
        long length = 0;
        for (int i = 0; i < bytes; i++) {
            length = length << 8 | (buffer.get(at + 2 + i) & 0xFF);
        }
        return length == -1 ? Long.MIN_VALUE : length; // 2^64-1 is 'too large' too, not 'incomplete'
    }

    private static int headerLength(Buffer buffer) {
        int second = buffer.get(buffer.position() + 1) & 0xFF;
        int code = second & 0x7F;
        return 2 + (code == 126 ? 2 : code == 127 ? 8 : 0) + ((second & 0x80) != 0 ? 4 : 0);
    }
}
