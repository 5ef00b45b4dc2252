package io.hostbridge.bench;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import io.hostbridge.agent.Agent;
import io.hostbridge.agent.Modules;
import io.hostbridge.agent.config.ConfigLoader;
import io.hostbridge.events.EventBus;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Event fan-out for bench/stomp.sh: events per second from the agent's bus to {@code SUBSCRIBERS} STOMP subscribers
 * of {@code jms.queue.events}, against the same number of SSE subscribers of {@code GET /api/v1/events} on the same
 * port of the same agent, in alternating rounds.
 *
 * <p>The agent runs in this process (every module the configuration chooses, on plain HTTP on loopback,
 * {@code http.insecure}), so that the benchmark can publish on its {@link EventBus} as fast as the subscribers take
 * events: as AmqpFanout does, the bus is fed as fast as the slowest subscriber takes events, with at most
 * {@value PacedPublisher#IN_FLIGHT} published and not yet received by it (under the subscriptions' bus queue of 1000, so nothing
 * should be dropped). The events are {@code host.stats}, which both wires carry (STOMP as
 * {@code |host|stats|<subject>}). The subscribers are raw sockets read by a frame reader of this class (STOMP) or a
 * line reader (SSE, its chunked HTTP/1.1 body decoded), one thread each.
 *
 * <p>Per round it prints the rate the slowest subscriber received at (the sustained fan-out rate), the deliveries per
 * second over all subscribers, and how many events the slowest one never got.
 *
 * <pre>StompFanout PORT SUBSCRIBERS WARMUP_S RUN_S ROUNDS</pre>
 */
public final class StompFanout {
    private static final byte[] MARK = "\"bench\":".getBytes(StandardCharsets.US_ASCII);
    private static volatile EventBus bus;

    private StompFanout() {
    }

    /** Hands the agent's bus to the benchmark (the agent has no getter for it: only bindings publish). */
    static final class BusGrab extends AbstractModule {
        @Override
        protected void configure() {
            requestStaticInjection(BusGrab.class);
        }

        @com.google.inject.Inject
        static void take(EventBus eventBus) {
            bus = eventBus;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: StompFanout PORT SUBSCRIBERS WARMUP_S RUN_S ROUNDS");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int subscribers = Integer.parseInt(args[1]);
        long warmupNanos = Long.parseLong(args[2]) * 1_000_000_000L;
        long runNanos = Long.parseLong(args[3]) * 1_000_000_000L;
        int rounds = Integer.parseInt(args[4]);
        Path dir = Files.createTempDirectory("hostbridge-stompfanout");
        Map<String, String> config = new HashMap<>();
        config.put("http.port", Integer.toString(port));
        config.put("http.insecure", "true"); // plain TCP on loopback, as bench/stomp.sh's load runs
        config.put("host.stateDir", dir.resolve("state").toString());
        config.put("host.runDir", dir.resolve("run").toString());
        config.put("amqp.enabled", "false"); // its bus subscriber would cost CPU in both kinds of round alike
        config.put("imageio.enabled", "false");
        config.put("logging.level", "WARN");
        List<Module> modules = new ArrayList<>(Modules.choose(new ConfigLoader().load(null, Map.of(), config),
                "bench"));
        modules.add(new BusGrab());
        try (Agent agent = Agent.start(modules)) {
            int bound = agent.httpAddress().orElseThrow().getPort();
            System.out.printf("agent up on 127.0.0.1:%d (plain TCP), modules %s%n", bound, agent.modules());
            for (String mode : List.of("stomp", "sse")) {
                round(mode, 0, bound, subscribers, warmupNanos);
            }
            for (int r = 1; r <= rounds; r++) {
                for (String mode : List.of("stomp", "sse")) {
                    round(mode, r, bound, subscribers, runNanos);
                }
            }
        }
        System.exit(0);
    }

    /** One round: subscribers connect, events flow for {@code runNanos}, they drain, then disconnect. */
    private static void round(String mode, int round, int port, int n, long runNanos) throws Exception {
        AtomicLong[] received = new AtomicLong[n];
        AtomicLong[] lastAt = new AtomicLong[n];
        AtomicLong gaps = new AtomicLong();
        List<Socket> sockets = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            AtomicLong count = received[i] = new AtomicLong();
            AtomicLong last = lastAt[i] = new AtomicLong();
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            sockets.add(socket);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            OutputStream out = socket.getOutputStream();
            Runnable reader = mode.equals("stomp") ? stomp(in, out, count, last, gaps) : sse(in, out, count, last, gaps);
            Thread t = new Thread(() -> {
                try {
                    reader.run();
                } catch (RuntimeException e) {
                    if (!socket.isClosed()) {
                        e.printStackTrace();
                    }
                }
            }, mode + "-subscriber-" + i);
            t.setDaemon(true);
            t.start();
            readers.add(t);
        }
        // until every subscriber has seen an event (the subscriptions are made in the background)
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (PacedPublisher.minimum(lastAt) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no event reached every " + mode + " subscriber within 30 s");
            }
            bus.publish("host.stats", "fanout", Map.of("warm", 1));
            Thread.sleep(10);
        }
        Thread.sleep(200);
        PacedPublisher.Run run = PacedPublisher.publish(bus, "host.stats", "fanout", "bench", runNanos, received, lastAt);
        long published = run.published();
        long start = run.start();
        long publishNanos = run.publishNanos();
        long minReceived = PacedPublisher.minimum(received);
        long total = 0;
        for (AtomicLong r : received) {
            total += r.get();
        }
        double seconds = (PacedPublisher.newest(lastAt) - start) / 1e9;
        System.out.printf("hostbridge-fanout mode=%s round=%d subscribers=%d published=%d published_per_s=%.0f"
                        + " min_received=%d min_received_per_s=%.0f deliveries_per_s=%.0f lost=%d gaps=%d%n", mode,
                round, n, published, published / (publishNanos / 1e9), minReceived, minReceived / seconds,
                total / seconds, published - minReceived, gaps.get());
        System.out.flush();
        for (Socket s : sockets) {
            s.close();
        }
        for (Thread t : readers) {
            t.join(5000);
        }
        Thread.sleep(500); // the agent's side closes the subscriptions
    }

    /** A STOMP 1.2 subscriber: CONNECT, SUBSCRIBE to jms.queue.events, then count MESSAGE frames. */
    private static Runnable stomp(InputStream in, OutputStream out, AtomicLong count, AtomicLong last,
                                  AtomicLong gaps) {
        return () -> {
            try {
                out.write(("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\n\n\0")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(("SUBSCRIBE\ndestination:jms.queue.events\nid:events\nack:auto\n\n\0")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                StompReader frames = new StompReader(in);
                while (true) {
                    String command = frames.next();
                    if (command.equals("ERROR")) {
                        throw new IllegalStateException("STOMP ERROR: " + frames.header("message"));
                    }
                    if (!command.equals("MESSAGE")) {
                        continue;
                    }
                    if (contains(frames.body, frames.bodyLength, MARK)) {
                        count.incrementAndGet();
                    } else if (contains(frames.body, frames.bodyLength, "|events|gap|"
                            .getBytes(StandardCharsets.US_ASCII))) {
                        gaps.incrementAndGet();
                    }
                    last.set(System.nanoTime());
                }
            } catch (EOFException e) {
                // the round closed it
            } catch (IOException e) {
                // the round closed it
            }
        };
    }

    /** An SSE subscriber over HTTP/1.1 (its body chunked, decoded here): counts the bench's data lines. */
    private static Runnable sse(InputStream in, OutputStream out, AtomicLong count, AtomicLong last, AtomicLong gaps) {
        return () -> {
            try {
                out.write(("GET /api/v1/events?topics=host.stats HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                byte[] line = new byte[64 * 1024];
                String status = null;
                boolean body = false;
                InputStream stream = in;
                while (true) {
                    int length = readLine(stream, line);
                    if (length < 0) {
                        return;
                    }
                    if (!body) {
                        String text = new String(line, 0, length, StandardCharsets.ISO_8859_1);
                        if (status == null) {
                            status = text;
                            if (!status.contains(" 200")) {
                                throw new IllegalStateException("SSE: " + status);
                            }
                        } else if (text.toLowerCase().startsWith("transfer-encoding: chunked")) {
                            stream = new Dechunked(in);
                        } else if (length == 0) {
                            body = true;
                        }
                        continue;
                    }
                    if (length > 5 && line[0] == 'd' && line[1] == 'a' && line[2] == 't' && line[3] == 'a') {
                        if (contains(line, length, MARK)) {
                            count.incrementAndGet();
                        }
                        last.set(System.nanoTime());
                    } else if (length > 10 && new String(line, 0, Math.min(length, 16), StandardCharsets.US_ASCII)
                            .startsWith("event:gap")) {
                        gaps.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                // the round closed it
            }
        };
    }

    /** The body of a chunked HTTP/1.1 response. */
    private static final class Dechunked extends InputStream {
        private final InputStream in;
        private int left;

        Dechunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            while (left == 0) {
                StringBuilder size = new StringBuilder();
                int b;
                while ((b = in.read()) != '\n') {
                    if (b < 0) {
                        return -1;
                    }
                    if (b != '\r') {
                        size.append((char) b);
                    }
                }
                if (size.length() == 0) {
                    continue; // the CRLF after a chunk's data
                }
                left = Integer.parseInt(size.toString().split(";")[0].strip(), 16);
                if (left == 0) {
                    return -1;
                }
            }
            left--;
            return in.read();
        }
    }

    /** Reads a line without its LF (and CR); -1 at the end of the stream. */
    private static int readLine(InputStream in, byte[] line) throws IOException {
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return n == 0 ? -1 : n;
            }
            if (b == '\n') {
                return n > 0 && line[n - 1] == '\r' ? n - 1 : n;
            }
            if (n < line.length) {
                line[n++] = (byte) b;
            }
        }
    }

    /** STOMP 1.2 frames: command line, header lines, blank line, body up to NUL (or content-length bytes, then NUL). */
    private static final class StompReader {
        private final InputStream in;
        private final byte[] lineBuffer = new byte[16 * 1024];
        private final Map<String, String> headers = new HashMap<>();
        byte[] body = new byte[16 * 1024];
        int bodyLength;

        StompReader(InputStream in) {
            this.in = in;
        }

        String header(String name) {
            return headers.get(name);
        }

        /** The next frame's command; its headers and body are then in this reader. Skips heart-beats (EOLs). */
        String next() throws IOException {
            int length;
            do {
                length = line();
            } while (length == 0);
            String command = new String(lineBuffer, 0, length, StandardCharsets.UTF_8);
            headers.clear();
            while ((length = line()) > 0) {
                String h = new String(lineBuffer, 0, length, StandardCharsets.UTF_8);
                int colon = h.indexOf(':');
                if (colon > 0) {
                    headers.putIfAbsent(h.substring(0, colon), h.substring(colon + 1)); // the first one counts
                }
            }
            String contentLength = headers.get("content-length");
            if (contentLength != null) {
                int n = Integer.parseInt(contentLength.strip());
                if (body.length < n) {
                    body = new byte[Math.max(n, body.length * 2)];
                }
                int read = 0;
                while (read < n) {
                    int r = in.read(body, read, n - read);
                    if (r < 0) {
                        throw new EOFException();
                    }
                    read += r;
                }
                bodyLength = n;
                if (in.read() != 0) {
                    throw new IOException("STOMP frame without its NUL after content-length bytes");
                }
            } else {
                int n = 0;
                int b;
                while ((b = in.read()) != 0) {
                    if (b < 0) {
                        throw new EOFException();
                    }
                    if (n == body.length) {
                        body = java.util.Arrays.copyOf(body, n * 2);
                    }
                    body[n++] = (byte) b;
                }
                bodyLength = n;
            }
            return command;
        }

        private int line() throws IOException {
            int n = 0;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException();
                }
                if (b == '\n') {
                    return n > 0 && lineBuffer[n - 1] == '\r' ? n - 1 : n;
                }
                if (n < lineBuffer.length) {
                    lineBuffer[n++] = (byte) b;
                }
            }
        }
    }

    private static boolean contains(byte[] haystack, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }


}
