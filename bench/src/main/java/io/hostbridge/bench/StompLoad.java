package io.hostbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ovirt.vdsm.jsonrpc.client.ClientConnectionException;
import org.ovirt.vdsm.jsonrpc.client.JsonRpcClient;
import org.ovirt.vdsm.jsonrpc.client.JsonRpcResponse;
import org.ovirt.vdsm.jsonrpc.client.RequestBuilder;
import org.ovirt.vdsm.jsonrpc.client.internal.ClientPolicy;
import org.ovirt.vdsm.jsonrpc.client.internal.ResponseWorker;
import org.ovirt.vdsm.jsonrpc.client.reactors.Reactor;
import org.ovirt.vdsm.jsonrpc.client.reactors.ReactorClient;
import org.ovirt.vdsm.jsonrpc.client.reactors.stomp.StompClientPolicy;
import org.ovirt.vdsm.jsonrpc.client.reactors.stomp.StompReactor;

/**
 * {@code Host.ping2} load for bench/stomp.sh, VDSM's JSON-RPC over STOMP against JSON-RPC over HTTP, with the same
 * caller model for both: {@code CALLERS} threads, each sending a call and waiting for its answer, for a warm-up and
 * then a measured run. Prints one summary line in the wrk scripts' format, plus the load tool's own CPU per call.
 *
 * <pre>
 * StompLoad stomp HOST PORT CALLERS CONNECTIONS WARMUP_S RUN_S
 * StompLoad socket HOST PORT CALLERS -           WARMUP_S RUN_S
 * StompLoad http   HOST PORT CALLERS -           WARMUP_S RUN_S
 * </pre>
 *
 * <ul>
 *   <li>{@code stomp}: oVirt engine's own client library (vdsm-jsonrpc-java 1.7.4) wired as the engine wires it
 *   (JsonRpcUtils): one plain {@link StompReactor} (one selector thread), one {@link ResponseWorker}, requests to
 *   {@code jms.topic.vdsm_requests}, responses on {@code jms.topic.vdsm_responses}, events on
 *   {@code jms.queue.events}, a 10 s heart-beat, and a call policy on the client. The engine keeps ONE connection
 *   per host and lets every thread that talks to the host call through it: with {@code CONNECTIONS} 1 all
 *   callers share one client, so up to {@code CALLERS} calls are outstanding on one connection; with more, caller
 *   {@code i} uses client {@code i % CONNECTIONS} (same reactor and worker).</li>
 *   <li>{@code socket}: the baseline, POST {@code /api/v1/jsonrpc} over HTTP/1.1 from a blocking socket per caller,
 *   kept alive ({@code CALLERS} connections), the request written and the response read by hand (TransportBench's
 *   reader): what a lean Java HTTP client costs, the fair counterpart of a lean STOMP client.</li>
 *   <li>{@code http}: the same calls through the JDK's {@link HttpClient} (HTTP/1.1, one client whose pool keeps a
 *   connection per concurrent call): a general-purpose Java client library, as the engine's is one.</li>
 * </ul>
 * All run in a JVM of their own on the same cores as the agent, so that the client's cost weighs on both sides
 * (wrk, in C, leaves the agent more CPU than a Java client does; bench/stomp.sh runs it too, for reference).
 */
public final class StompLoad {
    private static final String REQUESTS = "jms.topic.vdsm_requests";
    private static final String RESPONSES = "jms.topic.vdsm_responses";
    private static final String EVENTS = "jms.queue.events";
    private static final Duration CALL = Duration.ofSeconds(10);

    private static AtomicLong socketReconnects;

    private StompLoad() {
    }

    /**
     * A caller's kept-alive HTTP/1.1 connection, written and read by hand; when the agent ends it with
     * {@code Connection: close} (Grizzly's keep-alive limit of requests per connection), the next call opens another,
     * as wrk and every HTTP client do.
     */
    private static final class KeptAlive implements AutoCloseable {
        private final String host;
        private final int port;
        private final AtomicLong reconnects;
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private long id;

        KeptAlive(String host, int port, AtomicLong reconnects) throws IOException {
            this.host = host;
            this.port = port;
            this.reconnects = reconnects;
            open();
        }

        private void open() throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), (int) CALL.toMillis());
            socket.setSoTimeout((int) CALL.toMillis());
            in = new BufferedInputStream(socket.getInputStream(), 8192);
            out = socket.getOutputStream();
        }

        boolean ping() throws IOException {
            if (socket == null) {
                reconnects.incrementAndGet();
                open();
            }
            byte[] body = ("{\"jsonrpc\":\"2.0\",\"method\":\"Host.ping2\",\"id\":" + (++id) + "}")
                    .getBytes(StandardCharsets.US_ASCII);
            try {
                out.write(("POST /api/v1/jsonrpc HTTP/1.1\r\nHost: " + host + ":" + port
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                TransportBench.Response r = TransportBench.readResponse(in); // throws unless 200
                if (r.close()) {
                    close();
                }
                return r.body().contains("\"result\":true");
            } catch (IOException e) {
                close();
                throw e;
            }
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // going away anyway
                }
                socket = null;
            }
        }
    }

    /** One caller's way to make a call: true when the answer is {@code true}. */
    private interface Caller {
        boolean ping() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 7 || !List.of("stomp", "socket", "http").contains(args[0])) {
            System.err.println("usage: StompLoad stomp|socket|http HOST PORT CALLERS CONNECTIONS WARMUP_S RUN_S");
            System.exit(2);
        }
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        int callers = Integer.parseInt(args[3]);
        long warmupNanos = Long.parseLong(args[5]) * 1_000_000_000L;
        long runNanos = Long.parseLong(args[6]) * 1_000_000_000L;
        List<AutoCloseable> opened = new ArrayList<>();
        Caller[] perCaller = new Caller[callers];
        int connections;
        if (args[0].equals("stomp")) {
            connections = Integer.parseInt(args[4]);
            Reactor reactor = new StompReactor();
            ResponseWorker worker = new ResponseWorker(Runtime.getRuntime().availableProcessors(), 3);
            opened.add(0, reactor::close);
            opened.add(0, worker::close);
            JsonRpcClient[] clients = new JsonRpcClient[connections];
            for (int c = 0; c < connections; c++) {
                clients[c] = engineClient(reactor, worker, host, port);
                JsonRpcClient client = clients[c];
                opened.add(0, client::close);
                firstCall(client);
            }
            for (int t = 0; t < callers; t++) {
                JsonRpcClient client = clients[t % connections];
                perCaller[t] = () -> {
                    JsonRpcResponse r = client.call(new RequestBuilder("Host.ping2").build())
                            .get(CALL.toMillis(), TimeUnit.MILLISECONDS);
                    JsonNode result = r.getResult();
                    return r.getError() == null && result != null && result.isBoolean() && result.asBoolean();
                };
            }
        } else if (args[0].equals("socket")) {
            connections = callers;
            AtomicLong reconnects = new AtomicLong();
            socketReconnects = reconnects;
            for (int t = 0; t < callers; t++) {
                KeptAlive connection = new KeptAlive(host, port, reconnects);
                opened.add(connection);
                perCaller[t] = connection::ping;
            }
        } else {
            connections = callers;
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(CALL).build();
            URI uri = URI.create("http://" + host + ":" + port + "/api/v1/jsonrpc");
            AtomicLong ids = new AtomicLong();
            for (int t = 0; t < callers; t++) {
                perCaller[t] = () -> {
                    HttpRequest request = HttpRequest.newBuilder(uri).timeout(CALL)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"jsonrpc\":\"2.0\",\"method\":\"Host.ping2\",\"id\":" + ids.incrementAndGet()
                                            + "}"))
                            .build();
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    return r.statusCode() == 200 && r.body().contains("\"result\":true");
                };
            }
        }

        AtomicLong errors = new AtomicLong();
        long[][] latencies = new long[callers][];
        int[] counts = new int[callers];
        long start = System.nanoTime();
        long measureFrom = start + warmupNanos;
        long end = measureFrom + runNanos;
        long[] cpuAtMeasure = new long[1];
        CountDownLatch done = new CountDownLatch(callers);
        Thread cpuMark = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.NANOSECONDS.toMillis(measureFrom - System.nanoTime()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            cpuAtMeasure[0] = processCpuNanos();
        });
        cpuMark.start();
        for (int t = 0; t < callers; t++) {
            int id = t;
            Caller caller = perCaller[t];
            Thread thread = new Thread(() -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                try {
                    while (true) {
                        long t0 = System.nanoTime();
                        if (t0 >= end) {
                            break;
                        }
                        boolean ok;
                        try {
                            ok = caller.ping();
                        } catch (Exception e) {
                            ok = false;
                            if (errors.get() < 5) {
                                e.printStackTrace();
                            }
                        }
                        long t1 = System.nanoTime();
                        if (!ok) {
                            errors.incrementAndGet();
                            continue;
                        }
                        if (t0 >= measureFrom && t1 <= end) {
                            if (n == mine.length) {
                                mine = Arrays.copyOf(mine, n * 2);
                            }
                            mine[n++] = t1 - t0;
                        }
                    }
                } finally {
                    latencies[id] = mine;
                    counts[id] = n;
                    done.countDown();
                }
            }, "caller-" + t);
            thread.start();
        }
        done.await();
        long cpuNanos = processCpuNanos() - cpuAtMeasure[0];
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int k = 0;
        for (int t = 0; t < callers; t++) {
            System.arraycopy(latencies[t], 0, all, k, counts[t]);
            k += counts[t];
        }
        Arrays.sort(all, 0, k);
        double seconds = runNanos / 1e9;
        System.out.printf("hostbridge-bench mode=%s callers=%d connections=%d requests=%d duration_us=%d rps=%.1f"
                        + " p50_us=%d p90_us=%d p99_us=%d max_us=%d client_cpu_us_per_call=%.1f non2xx=%d connect=0"
                        + " read=0 write=0 timeout=0%n", args[0], callers, connections, k, runNanos / 1000,
                k / seconds, percentile(all, k, 50), percentile(all, k, 90), percentile(all, k, 99),
                k == 0 ? 0 : all[k - 1] / 1000, k == 0 ? 0.0 : cpuNanos / 1000.0 / k, errors.get());
        if (socketReconnects != null) {
            System.out.printf("reconnects=%d (the agent answered 'Connection: close' and the caller opened another)%n",
                    socketReconnects.get());
        }
        System.out.flush();
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception e) {
                // leaving anyway
            }
        }
        System.exit(0);
    }

    /** The engine's wiring (JsonRpcUtils.createStompClient): connection policy on the STOMP client, call policy on the client. */
    private static JsonRpcClient engineClient(Reactor reactor, ResponseWorker worker, String host, int port)
            throws ClientConnectionException {
        StompClientPolicy connection = new StompClientPolicy(5_000, 1, 10_000, IOException.class, REQUESTS, RESPONSES);
        connection.setEventQueue(EVENTS);
        ReactorClient stomp = reactor.createClient(host, port);
        stomp.setClientPolicy(connection);
        JsonRpcClient client = worker.register(stomp);
        client.setRetryPolicy(new ClientPolicy((int) CALL.toMillis(), 1, 10_000, IOException.class));
        return client;
    }

    /** The first call of a connection, retried while the client connects (as the engine retries a host). */
    private static void firstCall(JsonRpcClient client) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                JsonRpcResponse r = client.call(new RequestBuilder("Host.ping2").build())
                        .get(CALL.toMillis(), TimeUnit.MILLISECONDS);
                if (r.getError() == null) {
                    return;
                }
            } catch (ClientConnectionException e) {
                // not connected yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the engine's client could not call Host.ping2 within 60 s");
            }
            Thread.sleep(200);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long percentile(long[] sorted, int n, int p) {
        return n == 0 ? 0 : sorted[Math.min(n - 1, (int) Math.ceil(p / 100.0 * n) - 1)] / 1000;
    }
}
