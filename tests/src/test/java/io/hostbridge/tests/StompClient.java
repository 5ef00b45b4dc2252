package io.hostbridge.tests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A small STOMP 1.2 client written from the specification (stomp.github.io/stomp-specification-1.2.html), not from
 * the agent's code: it writes frames as given (bytes, or a command with headers and a body) and reads what comes
 * back on a thread of its own, so a test can wait for the next frame with a deadline. Heart-beats (a lone line
 * end) and the end of the connection are reported as frames {@code HEARTBEAT} and {@code EOF}.
 */
final class StompClient implements AutoCloseable {
    /** A frame as received: header values unescaped, the body as the bytes it was. */
    record Frame(String command, Map<String, String> headers, byte[] data) {
        String header(String name) {
            return headers.get(name);
        }

        /** The body as text. */
        String body() {
            return new String(data, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return command + headers + (data.length > 1024 ? " (" + data.length + " bytes)" : " " + body());
        }
    }

    private final InputStream in;
    private final OutputStream out;
    private final AutoCloseable socket;
    private final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
    private final Thread reader;
    private final java.util.concurrent.locks.ReentrantLock writing = new java.util.concurrent.locks.ReentrantLock(true);

    private StompClient(InputStream in, OutputStream out, AutoCloseable socket) {
        this.in = new java.io.BufferedInputStream(in, 64 * 1024); // only the reader reads it
        this.out = out;
        this.socket = socket;
        this.reader = new Thread(this::read, "stomp-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static StompClient plain(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        return new StompClient(socket.getInputStream(), socket.getOutputStream(), socket);
    }

    static StompClient tls(int port, SSLContext context) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.startHandshake();
        return new StompClient(socket.getInputStream(), socket.getOutputStream(), socket);
    }

    /** Over a unix socket; reads and writes go to the channel directly, so neither waits for the other. */
    static StompClient unix(Path path) throws IOException {
        SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(path));
        InputStream in = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return channel.read(ByteBuffer.wrap(b, off, len));
            }
        };
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        };
        return new StompClient(in, out, channel);
    }

    /** Writes raw bytes; writers take turns in the order they came (a call is not overtaken by a stream's data). */
    void raw(byte[] bytes) throws IOException {
        writing.lock();
        try {
            out.write(bytes);
            out.flush();
        } finally {
            writing.unlock();
        }
    }

    void raw(String text) throws IOException {
        raw(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a frame, header values escaped as STOMP 1.2 says (except in CONNECT), with content-length. */
    void send(String command, Map<String, String> headers, String body) throws IOException {
        send(command, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a frame with a body of bytes (e.g. a stream packet's data), as {@link #send(String, Map, String)}. */
    void send(String command, Map<String, String> headers, byte[] content) throws IOException {
        StringBuilder frame = new StringBuilder(command).append('\n');
        boolean escape = !command.equals("CONNECT");
        headers.forEach((k, v) -> frame.append(escape ? escape(k) : k).append(':').append(escape ? escape(v) : v)
                .append('\n'));
        if (content.length > 0) {
            frame.append("content-length:").append(content.length).append('\n');
        }
        frame.append('\n');
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(frame.toString().getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(content);
        bytes.write(0);
        raw(bytes.toByteArray());
    }

    void send(String command, Map<String, String> headers) throws IOException {
        send(command, headers, "");
    }

    /** CONNECT, as VDSM's Python client sends it, and its CONNECTED. */
    Frame connect(String heartBeat) throws Exception {
        send("CONNECT", Map.of("accept-version", "1.2", "heart-beat", heartBeat));
        return expect("CONNECTED", Duration.ofSeconds(10));
    }

    /** The next frame that is not a heart-beat. */
    Frame next(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Frame frame = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (frame == null) {
                throw new AssertionError("no STOMP frame within " + timeout);
            }
            if (!frame.command().equals("HEARTBEAT")) {
                return frame;
            }
        }
    }

    /** The next frame, heart-beats included; null at the deadline. */
    Frame poll(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    Frame expect(String command, Duration timeout) throws InterruptedException {
        Frame frame = next(timeout);
        if (!frame.command().equals(command)) {
            throw new AssertionError("expected " + command + ", got " + frame);
        }
        return frame;
    }

    /** Whether the agent closed the connection within {@code timeout} (frames before the end are skipped). */
    boolean closedWithin(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Frame frame = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (frame != null && frame.command().equals("EOF")) {
                return true;
            }
        }
        return false;
    }

    private void read() {
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                if (b == '\n' || b == '\r') {
                    if (b == '\n') {
                        received.add(new Frame("HEARTBEAT", Map.of(), new byte[0]));
                    }
                    continue;
                }
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                head.write(b);
                while (true) { // up to the blank line
                    int c = in.read();
                    if (c < 0) {
                        throw new IOException("end of stream in a frame's headers");
                    }
                    head.write(c);
                    String text = head.toString(StandardCharsets.UTF_8);
                    if (c == '\n' && (text.endsWith("\n\n") || text.endsWith("\n\r\n"))) {
                        break;
                    }
                }
                String[] lines = head.toString(StandardCharsets.UTF_8).split("\r?\n");
                Map<String, String> headers = new LinkedHashMap<>();
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    boolean escaped = !lines[0].equals("CONNECTED");
                    String name = lines[i].substring(0, colon);
                    String value = lines[i].substring(colon + 1);
                    headers.putIfAbsent(escaped ? unescape(name) : name, escaped ? unescape(value) : value);
                }
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                if (headers.containsKey("content-length")) {
                    byte[] content = in.readNBytes(Integer.parseInt(headers.get("content-length")));
                    body.writeBytes(content);
                    if (in.read() != 0) {
                        throw new IOException("no NUL after the content-length bytes");
                    }
                } else {
                    int c;
                    while ((c = in.read()) > 0) {
                        body.write(c);
                    }
                }
                received.add(new Frame(lines[0], headers, body.toByteArray()));
            }
        } catch (IOException e) {
            // the connection ended
        }
        received.add(new Frame("EOF", Map.of(), new byte[0]));
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace(":", "\\c");
    }

    private static String unescape(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                char n = value.charAt(++i);
                out.append(switch (n) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 'c' -> ':';
                    default -> n;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public void close() throws Exception {
        socket.close();
        reader.join(5000);
    }
}
