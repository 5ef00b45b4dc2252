package io.hostbridge.binding.stomp;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Reads STOMP 1.2 frames from a connection's bytes as they arrive, in pieces of any size. Bounded: a frame's
 * command and headers may take {@code maxHeaderBytes}, its body {@code maxBodyBytes}; a {@code content-length}
 * beyond that is refused before a byte of the body is read. Line ends between frames are heart-beats.
 *
 * <p>Stream packets (the frames {@code packets} picks) have a limit of their own, {@code maxPacketBytes}, whatever
 * {@code maxBodyBytes} is: a packet announcing more with its {@code content-length} is not refused here but read
 * past, its body dropped as it arrives (never held), and handed on as a frame with no body that says how many
 * bytes were dropped, so that the stream is told and the connection goes on. A body with a {@code content-length}
 * goes straight into a frame of its own size, not through the buffer that collects heads.
 * Not thread-safe: one connection's reads come one at a time.
 */
final class FrameDecoder {
    static final int MAX_HEADERS = 64;
    /** Longest command and headers of one frame. */
    static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final int IDLE_BUFFER = 64 * 1024;
    /** A body's room is taken as its bytes arrive beyond this, not all at once on the client's word. */
    private static final int EAGER_BODY = 256 * 1024;

    private final int maxHeaderBytes;
    private final int maxBodyBytes;
    private final BiPredicate<String, Map<String, String>> packets;
    private final int maxPacketBytes;
    private byte[] buffer = new byte[1024];
    private int start;
    private int end;
    /** The frame whose head is read and whose body (of {@code content-length}) is arriving, or null. */
    private String command;
    private Map<String, String> headers;
    private long declared;
    private byte[] body;
    private int filled;
    /** Whether the body is too large a packet's, dropped as it arrives; and how much of it is still to come. */
    private boolean dropping;
    private long skip;
    private Frame completed;

    FrameDecoder(int maxHeaderBytes, int maxBodyBytes) {
        this(maxHeaderBytes, maxBodyBytes, (command, headers) -> false, 0);
    }

    /**
     * @param packets        which frames are stream packets, from their command and headers
     * @param maxPacketBytes largest body of a stream packet; a larger one is dropped, not refused
     */
    FrameDecoder(int maxHeaderBytes, int maxBodyBytes, BiPredicate<String, Map<String, String>> packets,
                 int maxPacketBytes) {
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
        this.packets = packets;
        this.maxPacketBytes = maxPacketBytes;
    }

    /** Takes {@code length} more bytes and returns the frames they complete, in order. */
    List<Frame> feed(byte[] bytes, int offset, int length) throws StompException {
        List<Frame> frames = new ArrayList<>(1);
        int from = offset;
        int to = offset + length;
        if (command != null && start == end) {
            from += body(bytes, from, to - from); // straight into the body: nothing of this frame is buffered
            if (completed != null) {
                frames.add(takeCompleted());
            }
        }
        if (from < to) {
            append(bytes, from, to - from);
        }
        Frame frame;
        while ((frame = next()) != null) {
            frames.add(frame);
        }
        if (start == end) {
            start = 0;
            end = 0;
            if (buffer.length > IDLE_BUFFER) {
                buffer = new byte[1024]; // a large frame's room is not kept for the connection's life
            }
        }
        return frames;
    }

    /** Bytes of an unfinished frame held now. */
    int buffered() {
        return end - start + filled;
    }

    private void append(byte[] bytes, int offset, int length) {
        if (end + length > buffer.length) {
            int live = end - start;
            if (live + length <= buffer.length / 2 || live + length <= buffer.length && start > 0) {
                System.arraycopy(buffer, start, buffer, 0, live);
            } else {
                byte[] grown = new byte[Math.max(buffer.length * 2, live + length)];
                System.arraycopy(buffer, start, grown, 0, live);
                buffer = grown;
            }
            start = 0;
            end = live;
        }
        System.arraycopy(bytes, offset, buffer, end, length);
        end += length;
    }

    private Frame next() throws StompException {
        if (command != null) {
            start += body(buffer, start, end - start);
            return takeCompleted();
        }
        while (start < end && (buffer[start] == '\n' || buffer[start] == '\r')) {
            if (buffer[start] == '\r' && (start + 1 >= end || buffer[start + 1] != '\n')) {
                if (start + 1 >= end) {
                    return null; // the \n of a heart-beat is still to come
                }
                throw new StompException("malformed frame: a carriage return not followed by a line feed");
            }
            start++;
        }
        if (start == end) {
            return null;
        }
        int headEnd = headEnd();
        if (headEnd < 0) {
            if (end - start > maxHeaderBytes) {
                throw new StompException("frame headers longer than " + maxHeaderBytes + " bytes");
            }
            return null;
        }
        if (headEnd - start > maxHeaderBytes) {
            throw new StompException("frame headers longer than " + maxHeaderBytes + " bytes");
        }
        List<String> lines = lines(start, headEnd);
        String name = lines.get(0);
        if (name.isEmpty() || !name.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            throw new StompException("malformed frame: '" + printable(name) + "' is not a STOMP command");
        }
        Map<String, String> read = headers(name, lines);
        int bodyStart = headEnd + (buffer[headEnd] == '\r' ? 2 : 1);
        boolean packet = packets.test(name, read);
        int limit = packet ? maxPacketBytes : maxBodyBytes;
        String length = read.get("content-length");
        if (length != null) {
            long announced = contentLength(length);
            if (announced > limit && !packet) {
                throw new StompException("content-length " + announced + " is more than the largest frame body this"
                        + " agent takes (" + limit + " bytes)");
            }
            command = name;
            headers = read;
            declared = announced;
            dropping = announced > limit;
            skip = dropping ? announced : 0;
            body = dropping || announced == 0 ? Frame.NO_BODY : new byte[(int) Math.min(announced, EAGER_BODY)];
            start = bodyStart;
            return next();
        }
        int nul = -1;
        for (int i = bodyStart; i < end; i++) {
            if (buffer[i] == 0) {
                nul = i;
                break;
            }
        }
        if (nul < 0) {
            if (end - bodyStart > limit) {
                throw new StompException("frame body longer than " + limit + " bytes");
            }
            return null;
        }
        byte[] content = nul == bodyStart ? Frame.NO_BODY : Arrays.copyOfRange(buffer, bodyStart, nul);
        start = nul + 1;
        return new Frame(name, read, content);
    }

    private Map<String, String> headers(String name, List<String> lines) throws StompException {
        boolean escaped = !"CONNECT".equals(name) && !"STOMP".equals(name);
        Map<String, String> read = new LinkedHashMap<>();
        if (lines.size() - 1 > MAX_HEADERS) {
            throw new StompException("more than " + MAX_HEADERS + " headers in a " + name + " frame");
        }
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new StompException("malformed header in a " + name + " frame: expected name:value");
            }
            String key = escaped ? unescape(line.substring(0, colon)) : line.substring(0, colon);
            String value = escaped ? unescape(line.substring(colon + 1)) : line.substring(colon + 1);
            read.putIfAbsent(key, value);
        }
        return read;
    }

    /**
     * Takes what {@code src} has of the body being read (or dropped) and of its closing NUL; the frame is
     * {@link #completed} once the NUL is there. Returns the bytes taken.
     */
    private int body(byte[] src, int from, int available) throws StompException {
        int used = 0;
        if (skip > 0) {
            int n = (int) Math.min(skip, available);
            skip -= n;
            used = n;
        } else if (!dropping && filled < declared) {
            int n = (int) Math.min(declared - filled, available);
            if (filled + n > body.length) {
                body = Arrays.copyOf(body, (int) Math.min(declared, Math.max(2L * body.length, filled + n)));
            }
            System.arraycopy(src, from, body, filled, n);
            filled += n;
            used = n;
        }
        if (skip == 0 && (dropping || filled == declared) && used < available) {
            if (src[from + used] != 0) {
                throw new StompException("malformed frame: no NUL after the " + declared
                        + " bytes of content-length");
            }
            used++;
            completed = new Frame(command, headers, body, dropping ? declared : 0);
            command = null;
            dropping = false;
            headers = null;
            body = null;
            filled = 0;
        }
        return used;
    }

    private Frame takeCompleted() {
        Frame frame = completed;
        completed = null;
        return frame;
    }

    /** Where the blank line ending the headers begins (its \r or \n), or -1 while it has not arrived. */
    private int headEnd() {
        for (int i = start; i < end; i++) {
            if (buffer[i] == '\n') {
                if (i + 1 < end && buffer[i + 1] == '\n') {
                    return i + 1;
                }
                if (i + 2 < end && buffer[i + 1] == '\r' && buffer[i + 2] == '\n') {
                    return i + 1;
                }
            }
        }
        return -1;
    }

    /** The command and header lines, each without its line end. */
    private List<String> lines(int from, int to) throws StompException {
        List<String> lines = new ArrayList<>();
        int lineStart = from;
        for (int i = from; i < to; i++) {
            if (buffer[i] == '\n') {
                int lineEnd = i > lineStart && buffer[i - 1] == '\r' ? i - 1 : i;
                lines.add(utf8(lineStart, lineEnd));
                lineStart = i + 1;
            }
        }
        return lines;
    }

    private String utf8(int from, int to) throws StompException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(buffer, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw new StompException("malformed frame: a command or header that is not UTF-8");
        }
    }

    private static long contentLength(String value) throws StompException {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new StompException("content-length must be a number of bytes, got '" + printable(value) + "'");
        }
        return Long.parseLong(value);
    }

    private static String unescape(String value) throws StompException {
        int backslash = value.indexOf('\\');
        if (backslash < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length()).append(value, 0, backslash);
        for (int i = backslash; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char next = i + 1 < value.length() ? value.charAt(i + 1) : 0;
            out.append(switch (next) {
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 'c' -> ':';
                case '\\' -> '\\';
                default -> throw new StompException("malformed header: undefined escape sequence in '"
                        + printable(value) + "'");
            });
            i++;
        }
        return out.toString();
    }

    /** At most 40 printable characters of what the client sent, for an error message. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 40; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return text.length() > 40 ? out + "…" : out.toString();
    }
}
