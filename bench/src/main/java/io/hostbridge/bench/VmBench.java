package io.hostbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hostbridge.agent.Agent;
import io.hostbridge.agent.Modules;
import io.hostbridge.agent.config.ConfigLoader;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.libvirt.Connect;
import org.libvirt.Domain;

/**
 * VM benchmarks on libvirt's test driver (docs/benchmarks.md, "VMs"), with the whole agent in this process
 * (the test driver's domains live in the process that opened it):
 * <ol>
 *   <li>{@code Host.getAllVmStats} over REST with {@code VMS} VMs Up: latency percentiles;</li>
 *   <li>lifecycle event to subscriber: the bench suspends/resumes a VM through its own libvirt connection (as
 *   virsh would) and times until the {@code vm.status} event arrives over SSE and over AMQP.</li>
 * </ol>
 * Knobs (system properties): {@code vms} (100), {@code statsCalls} (1000), {@code events} (500), {@code warmup}
 * (200 calls / events).
 */
public final class VmBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private VmBench() {
    }

    public static void main(String[] args) throws Exception {
        int vms = Integer.getInteger("vms", 100);
        int statsCalls = Integer.getInteger("statsCalls", 1000);
        int events = Integer.getInteger("events", 500);
        int warmup = Integer.getInteger("warmup", 200);
        Path dir = Files.createTempDirectory("hostbridge-vmbench");
        int brokerPort = freePort();
        Map<String, String> config = new HashMap<>();
        config.put("http.port", "0");
        config.put("http.insecure", "true"); // the benchmark's client speaks plain HTTP on loopback
        config.put("host.stateDir", dir.resolve("state").toString());
        config.put("host.runDir", dir.resolve("run").toString());
        // the benchmark's JMS subscriber uses the plain loopback listener (amqp.insecure); the AMQPS one is the agent's
        config.put("amqp.insecure", "true");
        config.put("broker.insecurePort", Integer.toString(brokerPort));
        config.put("broker.port", Integer.toString(freePort()));
        config.put("logging.level", "WARN");
        Path disks = Files.createDirectories(dir.resolve("iso")); // VMs' drives by path must be in vm.isoDir
        config.put("vm.isoDir", disks.toString());
        try (Agent agent = Agent.start(Modules.choose(new ConfigLoader().load(null, Map.of(), config), "bench"))) {
            URI base = URI.create("http://127.0.0.1:" + agent.httpAddress().orElseThrow().getPort());
            String hostId = post(base, "Host.getCapabilities", "{}").path("hostId").asText();
            List<String> ids = createVms(base, disks, vms);
            System.out.printf("%d VMs Up on test:///default%n", ids.size());

            long[] stats = new long[statsCalls];
            int bytes = 0;
            for (int i = -warmup; i < statsCalls; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = HTTP.send(request(base, "Host.getAllVmStats", "{}"),
                        HttpResponse.BodyHandlers.ofString());
                long t = System.nanoTime() - t0;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("getAllVmStats: " + r.statusCode() + " " + r.body());
                }
                if (i >= 0) {
                    stats[i] = t;
                    bytes = r.body().length();
                }
            }
            System.out.printf("Host.getAllVmStats over REST, %d VMs, %d calls: %s (reply %d KiB)%n", vms, statsCalls,
                    percentiles(stats), bytes / 1024);

            eventLatency(base, brokerPort, hostId, ids.get(0), events, warmup);
        }
    }

    private static List<String> createVms(URI base, Path disks, int count) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            Path disk = Files.createFile(disks.resolve("b" + i + ".img")); // the test driver never opens it
            post(base, "VM.create", "{\"vmID\":\"" + id + "\",\"vmParams\":{\"vmName\":\"bench-" + i
                    + "-" + id.substring(0, 8) + "\",\"memSize\":256,\"drives\":[{\"path\":\"" + disk
                    + "\"}],\"nics\":[{\"type\":\"bridge\",\"bridge\":\"br0\"}]}}");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (String id : ids) {
            while (!post(base, "VM.getInfo", "{\"vmID\":\"" + id + "\"}").path("status").asText().equals("Up")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("VM " + id + " not Up within 60 s");
                }
                Thread.sleep(10);
            }
        }
        return ids;
    }

    /** A received event: when it arrived and its payload's status. */
    record Arrival(long nanos, String vmId, String status) {
    }

    private static void eventLatency(URI base, int brokerPort, String hostId, String vmId, int count, int warmup)
            throws Exception {
        BlockingQueue<Arrival> sse = new LinkedBlockingQueue<>();
        BlockingQueue<Arrival> amqp = new LinkedBlockingQueue<>();
        HttpResponse<InputStream> stream = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/v1/events?topics=vm.status"))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        Thread sseReader = new Thread(() -> readSse(stream.body(), sse), "sse-reader");
        sseReader.setDaemon(true);
        sseReader.start();
        Connection connection = new JmsConnectionFactory("amqp://127.0.0.1:" + brokerPort).createConnection();
        Connect libvirt = new Connect("test:///default");
        try {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createTopic("hostbridge.events." + hostId));
            consumer.setMessageListener(m -> {
                long now = System.nanoTime();
                try {
                    JsonNode e = JSON.readTree(((TextMessage) m).getText());
                    if ("vm.status".equals(e.path("topic").asText())) {
                        amqp.add(new Arrival(now, e.path("payload").path("vmId").asText(),
                                e.path("payload").path("status").asText()));
                    }
                } catch (Exception ex) {
                    ex.printStackTrace();
                }
            });
            Domain domain = libvirt.domainLookupByUUIDString(vmId);
            long[] toSse = new long[count];
            long[] toAmqp = new long[count];
            for (int i = -warmup; i < count; i++) {
                boolean pause = (i & 1) == 0;
                String wanted = pause ? "Paused" : "Up";
                long t0 = System.nanoTime();
                if (pause) {
                    domain.suspend();
                } else {
                    domain.resume();
                }
                long s = await(sse, vmId, wanted) - t0;
                long a = await(amqp, vmId, wanted) - t0;
                if (i >= 0) {
                    toSse[i] = s;
                    toAmqp[i] = a;
                }
            }
            System.out.printf("libvirt lifecycle event -> vm.status over SSE, %d events: %s%n", count, percentiles(toSse));
            System.out.printf("libvirt lifecycle event -> vm.status over AMQP, %d events: %s%n", count,
                    percentiles(toAmqp));
        } finally {
            connection.close();
            libvirt.close();
            stream.body().close();
        }
    }

    static long await(BlockingQueue<Arrival> queue, String vmId, String status) throws InterruptedException {
        while (true) {
            Arrival a = queue.poll(10, TimeUnit.SECONDS);
            if (a == null) {
                throw new IllegalStateException("no " + status + " event for " + vmId + " within 10 s");
            }
            if (a.vmId().equals(vmId) && a.status().equals(status)) {
                return a.nanos();
            }
        }
    }

    static void readSse(InputStream body, BlockingQueue<Arrival> out) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("data:")) {
                    long now = System.nanoTime();
                    JsonNode e = JSON.readTree(line.substring(5).strip());
                    out.add(new Arrival(now, e.path("payload").path("vmId").asText(),
                            e.path("payload").path("status").asText()));
                }
            }
        } catch (Exception e) {
            // stream closed
        }
    }

    static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms", ms(sorted, 0.50), ms(sorted, 0.90),
                ms(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }

    static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    static HttpRequest request(URI base, String verb, String body) {
        return HttpRequest.newBuilder(base.resolve("/api/v1/rpc/" + verb)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static JsonNode post(URI base, String verb, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(request(base, verb, body), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(verb + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
