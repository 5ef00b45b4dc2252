package io.hostbridge.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * HTTP/1.1 exchanges with the agent, on its unix socket or over TLS, on kept-alive connections. The client speaks to
 * one known server and needs only requests with a JSON body and responses framed by Content-Length or chunked; so it
 * carries this much of HTTP itself instead of a general HTTP client, whose start alone (half a second for Jetty's on
 * this kind of machine) would double hbsh's (docs/benchmarks.md, "hbsh start-up").
 */
final class Http1 implements Closeable {
    private static final int MAX_HEAD = 64 * 1024;
    /** Closes connections whose answer is late; one daemon thread for every client of the JVM. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "hostbridge-client-timeouts");
        thread.setDaemon(true);
        return thread;
    });

    /** Opens a connection to the agent. */
    interface Connector {
        Connection open() throws IOException;
    }

    private final Connector connector;
    private final String host;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private boolean closed;

    private Http1(Connector connector, String host) {
        this.connector = connector;
        this.host = host;
    }

    static Http1 unixSocket(Path socket) {
        return new Http1(() -> {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            return new Connection(new ChannelIn(channel), new ChannelOut(channel), channel);
        }, "localhost");
    }

    static Http1 tls(String hostName, int port, SSLContext ssl) {
        return new Http1(() -> {
            SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket(hostName, port);
            try {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the agent's certificate must name the host
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                return new Connection(socket.getInputStream(), socket.getOutputStream(), socket);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }, hostName + ":" + port);
    }

    /** A response: its status, its headers (names in lower case) and its body, to be read to its end or closed. */
    record Response(int status, Map<String, String> headers, InputStream body) implements Closeable {
        byte[] readAll() throws IOException {
            try (InputStream in = body) {
                return in.readAllBytes();
            }
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    /** A whole answer: status, headers (names in lower case), body. */
    record Reply(int status, Map<String, String> headers, byte[] body) {
    }

    /** No answer within the time allowed: the connection was closed under the request. */
    static final class Timeout extends IOException {
        private static final long serialVersionUID = 1L;

        Timeout(Duration timeout) {
            super("no answer within " + timeout);
        }
    }

    /** One request and its whole answer, within {@code timeout} (after which the connection is closed). */
    Reply request(String method, String target, Map<String, String> headers, byte[] body, Duration timeout)
            throws IOException {
        Connection connection = take();
        boolean reused = connection != null;
        if (connection == null) {
            connection = connector.open();
        }
        try {
            return within(connection, timeout, c -> send(c, method, target, headers, body));
        } catch (Stale e) {
            if (!reused) {
                throw e;
            }
            // a kept-alive connection the agent had closed before it read the request: once more on a new one
            return within(connector.open(), timeout, c -> send(c, method, target, headers, body));
        }
    }

    private interface Exchange {
        Response on(Connection connection) throws IOException;
    }

    private Reply within(Connection connection, Duration timeout, Exchange exchange) throws IOException {
        java.util.concurrent.atomic.AtomicBoolean expired = new java.util.concurrent.atomic.AtomicBoolean();
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            expired.set(true);
            try {
                connection.close();
            } catch (IOException e) {
                // closing it was the point
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try (Response response = exchange.on(connection)) {
            return new Reply(response.status(), response.headers(), response.body().readAllBytes());
        } catch (IOException e) {
            connection.close();
            if (expired.get()) {
                throw new Timeout(timeout);
            }
            throw e;
        } finally {
            watchdog.cancel(false);
        }
    }

    /** A connection that was closed before the request reached the agent: safe to send again. */
    private static final class Stale extends IOException {
        private static final long serialVersionUID = 1L;

        Stale(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * A GET on a connection of its own for a long response (events), not kept for other requests; {@code timeout}
     * bounds the wait for the response's head only.
     */
    Response stream(String target, Map<String, String> headers, Duration timeout) throws IOException {
        Connection connection = connector.open();
        connection.reusable = false;
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            try {
                connection.close();
            } catch (IOException e) {
                // closing it was the point
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return send(connection, "GET", target, headers, null);
        } catch (IOException e) {
            connection.close();
            throw e;
        } finally {
            watchdog.cancel(false);
        }
    }

    /** Closes a stream's connection from another thread, which ends a read blocked on it. */
    static void abort(Response response) {
        if (response.body() instanceof Body body) {
            try {
                body.connection.close();
            } catch (IOException e) {
                // closing it was the point
            }
        }
    }

    private Response send(Connection c, String method, String target, Map<String, String> headers, byte[] body)
            throws IOException {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: ")
                .append(host).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body != null) {
            if (headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
                head.append("Content-Type: application/json\r\n");
            }
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        try {
            c.out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                c.out.write(body);
            }
            c.out.flush();
        } catch (IOException e) {
            throw new Stale("could not send the request: " + e.getMessage(), e);
        }
        String status = line(c.in);
        if (status == null) {
            throw new Stale("the agent closed the connection", null);
        }
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + io.hostbridge.api.Printable.of(status));
        }
        int code;
        try {
            code = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: " + io.hostbridge.api.Printable.of(parts[1]));
        }
        Map<String, String> fields = new HashMap<>();
        int size = status.length();
        for (String field = line(c.in); field != null && !field.isEmpty(); field = line(c.in)) {
            size += field.length();
            if (size > MAX_HEAD) {
                throw new IOException("a response head beyond " + MAX_HEAD + " bytes");
            }
            int colon = field.indexOf(':');
            if (colon > 0) {
                fields.merge(field.substring(0, colon).strip().toLowerCase(Locale.ROOT), field.substring(colon + 1).strip(),
                        (a, b) -> a + ", " + b);
            }
        }
        if ("close".equalsIgnoreCase(fields.get("connection"))) {
            c.reusable = false;
        }
        InputStream content;
        if (method.equals("HEAD") || code == 204 || code == 304 || (code >= 100 && code < 200)) {
            content = new Bounded(c.in, 0);
        } else if ("chunked".equalsIgnoreCase(fields.get("transfer-encoding"))) {
            content = new Chunked(c.in);
        } else if (fields.containsKey("content-length")) {
            try {
                content = new Bounded(c.in, Long.parseLong(fields.get("content-length")));
            } catch (NumberFormatException e) {
                throw new IOException("a Content-Length that is not a number");
            }
        } else {
            c.reusable = false; // the body ends with the connection
            content = c.in;
        }
        return new Response(code, fields, new Body(content, c));
    }

    private synchronized Connection take() {
        return idle.pollFirst();
    }

    private synchronized void release(Connection c) throws IOException {
        if (closed || idle.size() >= 4) {
            c.close();
        } else {
            idle.addFirst(c);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        for (Connection c : idle) {
            c.close();
        }
        idle.clear();
    }

    /** A line of a head, without its CRLF; null at the end of the stream before any byte. */
    static String line(InputStream in) throws IOException {
        return line(in, MAX_HEAD, StandardCharsets.ISO_8859_1);
    }

    /**
     * A line without its end (LF or CRLF) of at most {@code max} bytes, in {@code charset}; null at the end of the
     * stream before any byte. Shared by HTTP's heads and STOMP's frames.
     */
    static String line(InputStream in, int max, java.nio.charset.Charset charset) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                if (bytes.size() == 0) {
                    return null;
                }
                throw new EOFException("the connection ended inside a line");
            }
            if (bytes.size() > max) {
                throw new IOException("a line beyond " + max + " bytes");
            }
            bytes.write(b);
        }
        String text = bytes.toString(charset);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** One connection: its streams, and whether it may carry another request. */
    static final class Connection implements Closeable {
        final InputStream in;
        final OutputStream out;
        private final Closeable socket;
        boolean reusable = true;

        Connection(InputStream in, OutputStream out, Closeable socket) {
            this.in = new BufferedInputStream(in);
            this.out = out;
            this.socket = socket;
        }

        @Override
        public void close() throws IOException {
            reusable = false;
            socket.close();
        }
    }

    /** A response body: closing it after its end keeps the connection for the next request; before, closes it. */
    private final class Body extends InputStream {
        private final InputStream content;
        private final Connection connection;
        private boolean done;

        Body(InputStream content, Connection connection) {
            this.content = content;
            this.connection = connection;
        }

        @Override
        public int read() throws IOException {
            return content.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return content.read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            if (done) {
                return;
            }
            done = true;
            boolean atEnd = content instanceof Bounded bounded ? bounded.remaining == 0
                    : content instanceof Chunked chunked && chunked.ended;
            if (atEnd && connection.reusable) {
                release(connection);
            } else {
                connection.close();
            }
        }
    }

    /** A stream that reads in blocks; a single byte is a block of one. */
    private abstract static class BlockStream extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public abstract int read(byte[] b, int off, int len) throws IOException;
    }

    /** A body of a known length. */
    private static final class Bounded extends BlockStream {
        private final InputStream in;
        long remaining;

        Bounded(InputStream in, long length) {
            this.in = in;
            this.remaining = length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException("the connection ended inside a response body");
            }
            remaining -= n;
            return n;
        }
    }

    /** A chunked body (RFC 9112 section 7.1), trailers skipped. */
    private static final class Chunked extends BlockStream {
        private final InputStream in;
        private long chunk;
        boolean ended;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) {
                return -1;
            }
            if (chunk == 0) {
                String size = line(in);
                if (size == null) {
                    throw new EOFException("the connection ended inside a chunked body");
                }
                int extension = size.indexOf(';');
                try {
                    chunk = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).strip(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("a chunk size that is not hexadecimal");
                }
                if (chunk == 0) {
                    for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
                        // trailers: none is used
                    }
                    ended = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, chunk));
            if (n < 0) {
                throw new EOFException("the connection ended inside a chunk");
            }
            chunk -= n;
            if (chunk == 0 && line(in) == null) { // the chunk's CRLF
                throw new EOFException("the connection ended after a chunk");
            }
            return n;
        }
    }

    /**
     * A unix socket channel as a stream, read on its own: {@code Channels.newInputStream} holds the channel's blocking
     * lock while it waits to read, which would block every write of another thread on the same channel.
     */
    static final class ChannelIn extends BlockStream {
        private final SocketChannel channel;

        ChannelIn(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return len == 0 ? 0 : channel.read(ByteBuffer.wrap(b, off, len));
        }
    }

    /** The writing side of {@link ChannelIn}. */
    static final class ChannelOut extends OutputStream {
        private final SocketChannel channel;

        ChannelOut(SocketChannel channel) {
            this.channel = channel;
        }

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
    }
}
