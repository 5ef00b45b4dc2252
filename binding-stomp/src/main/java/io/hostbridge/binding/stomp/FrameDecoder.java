package io.hostbridge.binding.stomp;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads STOMP 1.2 frames from a connection's bytes as they arrive, in pieces of any size. Bounded: a frame's
 * command and headers may take {@code maxHeaderBytes}, its body {@code maxBodyBytes}; a {@code content-length}
 * beyond that is refused before a byte of the body is read. Line ends between frames are heart-beats.
 * Not thread-safe: one connection's reads come one at a time.
 */
final class FrameDecoder {
    static final int MAX_HEADERS = 64;
    /** Longest command and headers of one frame. */
    static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final int IDLE_BUFFER = 64 * 1024;

    private final int maxHeaderBytes;
    private final int maxBodyBytes;
    private byte[] buffer = new byte[1024];
    private int start;
    private int end;

    FrameDecoder(int maxHeaderBytes, int maxBodyBytes) {
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Takes {@code length} more bytes and returns the frames they complete, in order. */
    List<Frame> feed(byte[] bytes, int offset, int length) throws StompException {
        append(bytes, offset, length);
        List<Frame> frames = new ArrayList<>(1);
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
        return end - start;
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
        String command = lines.get(0);
        if (command.isEmpty() || !command.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            throw new StompException("malformed frame: '" + printable(command) + "' is not a STOMP command");
        }
        boolean escaped = !"CONNECT".equals(command) && !"STOMP".equals(command);
        Map<String, String> headers = new LinkedHashMap<>();
        if (lines.size() - 1 > MAX_HEADERS) {
            throw new StompException("more than " + MAX_HEADERS + " headers in a " + command + " frame");
        }
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new StompException("malformed header in a " + command + " frame: expected name:value");
            }
            String name = escaped ? unescape(line.substring(0, colon)) : line.substring(0, colon);
            String value = escaped ? unescape(line.substring(colon + 1)) : line.substring(colon + 1);
            headers.putIfAbsent(name, value);
        }
        int bodyStart = headEnd + (buffer[headEnd] == '\r' ? 2 : 1);
        String declared = headers.get("content-length");
        byte[] body;
        int frameEnd;
        if (declared != null) {
            long length = contentLength(declared);
            if (length > maxBodyBytes) {
                throw new StompException("content-length " + length + " is more than the largest frame body this agent"
                        + " takes (" + maxBodyBytes + " bytes)");
            }
            if (end - bodyStart < length + 1) {
                return null;
            }
            int nul = bodyStart + (int) length;
            if (buffer[nul] != 0) {
                throw new StompException("malformed frame: no NUL after the " + length + " bytes of content-length");
            }
            body = Arrays.copyOfRange(buffer, bodyStart, nul);
            frameEnd = nul + 1;
        } else {
            int nul = -1;
            for (int i = bodyStart; i < end; i++) {
                if (buffer[i] == 0) {
                    nul = i;
                    break;
                }
            }
            if (nul < 0) {
                if (end - bodyStart > maxBodyBytes) {
                    throw new StompException("frame body longer than " + maxBodyBytes + " bytes");
                }
                return null;
            }
            body = nul == bodyStart ? Frame.NO_BODY : Arrays.copyOfRange(buffer, bodyStart, nul);
            frameEnd = nul + 1;
        }
        start = frameEnd;
        return new Frame(command, headers, body);
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
