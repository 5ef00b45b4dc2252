package io.hostbridge.binding.stomp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One STOMP 1.2 frame: a command, headers (a repeated header's first value wins, as the specification says) and
 * a body of bytes.
 *
 * @param dropped for a stream packet too large to take, the bytes of its body that were read past (the body is
 *                then empty); 0 for every other frame
 */
record Frame(String command, Map<String, String> headers, byte[] body, long dropped) {
    static final byte[] NO_BODY = new byte[0];

    Frame {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    Frame(String command, Map<String, String> headers, byte[] body) {
        this(command, headers, body, 0);
    }

    String header(String name) {
        return headers.get(name);
    }

    /** A frame the agent sends, with {@code content-length} when it has a body. */
    static Frame of(String command, Map<String, String> headers, byte[] body) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (body.length > 0) {
            all.put("content-length", Integer.toString(body.length));
        }
        return new Frame(command, all, body);
    }

    /**
     * The frame's bytes: header values escaped as STOMP 1.2 says ({@code \\}, {@code \n}, {@code \r}, {@code \c}),
     * except in CONNECTED, whose headers are sent as they are (for clients of earlier versions).
     */
    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + body.length);
        out.writeBytes(head(command, headers));
        out.writeBytes(body);
        out.write(0);
        return out.toByteArray();
    }

    /**
     * A frame with its body taken from a buffer (which is not changed), copied once into the frame's bytes:
     * {@code content-length} is added when it has a body.
     */
    static byte[] encode(String command, Map<String, String> headers, ByteBuffer body) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (body.hasRemaining()) {
            all.put("content-length", Integer.toString(body.remaining()));
        }
        byte[] head = head(command, all);
        byte[] frame = new byte[head.length + body.remaining() + 1];
        System.arraycopy(head, 0, frame, 0, head.length);
        body.duplicate().get(frame, head.length, body.remaining());
        return frame; // its last byte is the NUL
    }

    /** The command, the headers and the blank line that ends them. */
    private static byte[] head(String command, Map<String, String> headers) {
        boolean escape = !"CONNECTED".equals(command);
        StringBuilder head = new StringBuilder(128).append(command).append('\n');
        headers.forEach((name, value) -> {
            head.append(escape ? escape(name) : name).append(':').append(escape ? escape(value) : value).append('\n');
        });
        head.append('\n');
        return head.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement = switch (c) {
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case ':' -> "\\c";
                default -> null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(value.length() + 8).append(value, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? value : out.toString();
    }

    @Override
    public String toString() { // never the body: it may carry a request's secrets
        return command + headers.keySet() + " (" + body.length + " bytes)";
    }
}
