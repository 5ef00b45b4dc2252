package io.hostbridge.bench;

import io.hostbridge.trust.HostPki;
import io.hostbridge.trust.PkiSettings;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * {@code Host.ping2} over the agent's two ways in for bench/tls.sh, with one client for both so that only the
 * transport differs: a blocking HTTP/1.1 client per caller thread, over TLS with a client certificate or over the
 * local unix socket. Prints one summary line: calls per second and latency percentiles.
 *
 * <pre>
 * TransportBench keepalive|connect https://localhost:PORT CERT_DIR NAME CALLERS WARMUP_S RUN_S
 * TransportBench keepalive|connect unix:/run/hostbridge/api.sock -  -  CALLERS WARMUP_S RUN_S
 * </pre>
 *
 * {@code keepalive} sends every call of a caller on one connection; {@code connect} opens a connection per call
 * ({@code Connection: close}), for TLS with a full handshake each time (the session is invalidated, so nothing is
 * resumed): new connections per second.
 */
public final class TransportBench {
    private static final byte[] CRLF2 = {'\r', '\n', '\r', '\n'};
    /** Latencies in buckets of 10 µs up to one second; slower calls count in the last. */
    private static final long BUCKET_NANOS = 10_000;
    private static final int BUCKETS = 100_000;

    private TransportBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 7 || !List.of("keepalive", "connect").contains(args[0])) {
            System.err.println("usage: TransportBench keepalive|connect https://HOST:PORT|unix:PATH CERT_DIR|- NAME|-"
                    + " CALLERS WARMUP_S RUN_S");
            System.exit(2);
        }
        boolean keepAlive = args[0].equals("keepalive");
        Transport transport = args[1].startsWith("unix:") ? new Unix(Path.of(args[1].substring("unix:".length())))
                : new Tls(URI.create(args[1]), Path.of(args[2]), args[3]);
        int callers = Integer.parseInt(args[4]);
        long warmupNanos = Long.parseLong(args[5]) * 1_000_000_000L;
        long runNanos = Long.parseLong(args[6]) * 1_000_000_000L;
        byte[] request = ("POST /api/v1/rpc/Host.ping2 HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n"
                + (keepAlive ? "" : "Connection: close\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII);

        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong failures = new AtomicLong();
        List<long[]> histograms = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            long[] mine = new long[BUCKETS + 1];
            histograms.add(mine);
            Thread t = new Thread(() -> {
                Connection c = null;
                while (!stop.get()) {
                    long start = System.nanoTime();
                    try {
                        if (c == null) {
                            c = transport.open();
                        }
                        c.out().write(request);
                        c.out().flush();
                        Response response = readResponse(c.in());
                        if (!response.body().equals("true")) {
                            throw new IOException("unexpected answer " + response.body());
                        }
                        // the server ends a keep-alive connection after so many requests (Grizzly: 256)
                        if (!keepAlive || response.close()) {
                            c.close();
                            c = null;
                        }
                    } catch (IOException e) {
                        failures.incrementAndGet();
                        if (c != null) {
                            c.close();
                            c = null;
                        }
                        continue;
                    }
                    if (measuring.get()) {
                        mine[(int) Math.min(BUCKETS, (System.nanoTime() - start) / BUCKET_NANOS)]++;
                    }
                }
                if (c != null) {
                    c.close();
                }
            }, "caller-" + i);
            threads.add(t);
            t.start();
        }
        Thread.sleep(warmupNanos / 1_000_000);
        long failedInWarmup = failures.get();
        measuring.set(true);
        long begin = System.nanoTime();
        Thread.sleep(runNanos / 1_000_000);
        measuring.set(false);
        long elapsed = System.nanoTime() - begin;
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        long[] all = new long[BUCKETS + 1];
        for (long[] h : histograms) {
            Arrays.setAll(all, b -> all[b] + h[b]);
        }
        long total = Arrays.stream(all).sum();
        System.out.printf(Locale.ROOT, "calls/s %.0f p50 %.2f ms p99 %.2f ms calls %d failures %d%n",
                total / (elapsed / 1e9), percentile(all, total, 0.50), percentile(all, total, 0.99), total,
                failures.get() - failedInWarmup);
    }

    /** The upper bound of the bucket that holds the p-th call, in milliseconds. */
    private static double percentile(long[] histogram, long total, double p) {
        long rank = (long) Math.ceil(total * p);
        long seen = 0;
        for (int b = 0; b < histogram.length; b++) {
            seen += histogram[b];
            if (seen >= rank && seen > 0) {
                return (b + 1) * BUCKET_NANOS / 1e6;
            }
        }
        return Double.NaN;
    }

    /** A response's body, and whether the server closes the connection after it. */
    record Response(String body, boolean close) {
    }

    /** Reads one response. Knows Content-Length and chunked bodies. */
    static Response readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(256);
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the response head");
            }
            head.write(b);
            matched = b == CRLF2[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        if (!text.startsWith("HTTP/1.1 200")) {
            throw new IOException("status " + text.lines().findFirst().orElse(""));
        }
        String lower = text.toLowerCase(Locale.ROOT);
        boolean close = lower.contains("\r\nconnection: close");
        int length = lower.indexOf("\r\ncontent-length:");
        if (length >= 0) {
            int end = lower.indexOf("\r\n", length + 2);
            int n = Integer.parseInt(lower.substring(length + "\r\ncontent-length:".length(), end).strip());
            return new Response(new String(in.readNBytes(n), StandardCharsets.UTF_8), close);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            int n = Integer.parseInt(size.split(";")[0].strip(), 16);
            if (n == 0) {
                line(in);
                return new Response(body.toString(StandardCharsets.UTF_8), close);
            }
            body.write(in.readNBytes(n));
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed in a chunk");
            }
            if (b != '\r') {
                s.append((char) b);
            }
        }
        return s.toString();
    }

    private interface Transport {
        Connection open() throws IOException;
    }

    private record Connection(AutoCloseable resource, InputStream in, OutputStream out) {
        void close() {
            try {
                resource.close();
            } catch (Exception e) {
                // going away anyway
            }
        }
    }

    private record Unix(Path socket) implements Transport {
        @Override
        public Connection open() throws IOException {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            return new Connection(channel, new BufferedInputStream(Channels.newInputStream(channel), 8192),
                    Channels.newOutputStream(channel));
        }
    }

    private static final class Tls implements Transport {
        private final URI uri;
        private final SSLContext context;

        Tls(URI uri, Path certDir, String name) throws IOException {
            this.uri = uri;
            this.context = HostPki.open(new PkiSettings(null, certDir.resolve(HostPki.CA),
                    certDir.resolve(name + ".pem"), certDir.resolve(name + "-key.pem"), null, null, null)).client();
        }

        @Override
        public Connection open() throws IOException {
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(uri.getHost(), uri.getPort());
            socket.setTcpNoDelay(true);
            socket.startHandshake();
            // no resumption: every new connection pays a full handshake
            socket.getSession().invalidate();
            return new Connection(socket, new BufferedInputStream(socket.getInputStream(), 8192),
                    socket.getOutputStream());
        }
    }
}
