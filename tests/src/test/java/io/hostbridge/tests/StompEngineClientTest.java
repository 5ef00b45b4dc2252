package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hostbridge.api.AccessLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ovirt.vdsm.jsonrpc.client.ClientConnectionException;
import org.ovirt.vdsm.jsonrpc.client.JsonRpcClient;
import org.ovirt.vdsm.jsonrpc.client.JsonRpcResponse;
import org.ovirt.vdsm.jsonrpc.client.RequestBuilder;
import org.ovirt.vdsm.jsonrpc.client.events.EventSubscriber;
import org.ovirt.vdsm.jsonrpc.client.internal.ClientPolicy;
import org.ovirt.vdsm.jsonrpc.client.internal.ResponseWorker;
import org.ovirt.vdsm.jsonrpc.client.reactors.Reactor;
import org.ovirt.vdsm.jsonrpc.client.reactors.ReactorClient;
import org.ovirt.vdsm.jsonrpc.client.reactors.stomp.SSLStompReactor;
import org.ovirt.vdsm.jsonrpc.client.reactors.stomp.StompClientPolicy;

/**
 * oVirt's engine, as it talks to its hosts: its own client library (vdsm-jsonrpc-java 1.7.4) wired as the engine
 * wires it (a STOMP reactor over TLS with a client certificate, requests to jms.topic.vdsm_requests, responses on
 * jms.topic.vdsm_responses, events on jms.queue.events, a 10 s heart-beat), against the agent's secure default port.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StompEngineClientTest {
    private static final String HOST = "127.0.0.1";
    private static final Duration CALL = Duration.ofSeconds(30);
    private static final int PORT = freePort();

    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(Map.of("http.insecure", "false",
            "http.port", Integer.toString(PORT)));

    private static Path certs;
    private static final List<AutoCloseable> opened = new ArrayList<>();
    private static Engine engine;

    private static int freePort() {
        try {
            return ConformanceClients.freePort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One engine: its reactor, worker and client, and the VM status events its subscription receives. */
    record Engine(JsonRpcClient client, ResponseWorker worker, BlockingQueue<Map<String, Object>> events,
                  BlockingQueue<Map<String, Object>> anyHost, AtomicReference<Throwable> lost) {
    }

    @BeforeAll
    static void engine() throws Exception {
        certs = Files.createTempDirectory("hostbridge-engine");
        AmqpSupport.issue(agent, "engine", AccessLevel.ADMIN, certs);
        AmqpSupport.issue(agent, "reader", AccessLevel.READ, certs);
        engine = connect("engine");
    }

    @AfterAll
    static void close() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    /** The engine's wiring (its JsonRpcUtils): a connection policy on the STOMP client, a call policy on the client. */
    private static Engine connect(String name) throws Exception {
        SSLContext tls = AmqpSupport.tls(certs, name);
        Reactor reactor = new SSLStompReactor(tls); // the factory's singleton would keep the first identity
        StompClientPolicy connection = new StompClientPolicy(5_000, 1, 10_000, IOException.class,
                "jms.topic.vdsm_requests", "jms.topic.vdsm_responses");
        connection.setEventQueue("jms.queue.events");
        ReactorClient stomp = reactor.createClient(HOST, PORT);
        stomp.setClientPolicy(connection);
        ResponseWorker worker = new ResponseWorker(2, 3);
        JsonRpcClient client = worker.register(stomp);
        client.setRetryPolicy(new ClientPolicy((int) CALL.toMillis(), 1, 10_000, IOException.class));
        BlockingQueue<Map<String, Object>> events = new LinkedBlockingQueue<>();
        AtomicReference<Throwable> lost = new AtomicReference<>();
        // as the engine subscribes: its host name, any component, VM_status, any VM
        worker.getPublisher().subscribe(new Collect(HOST + "|*|VM_status|*", events, lost));
        // and as the issue's example does: any host, the virt component
        BlockingQueue<Map<String, Object>> anyHost = new LinkedBlockingQueue<>();
        worker.getPublisher().subscribe(new Collect("*|virt|VM_status|*", anyHost, new AtomicReference<>()));
        opened.add(0, reactor::close);
        opened.add(0, worker::close);
        opened.add(0, client::close);
        return new Engine(client, worker, events, anyHost, lost);
    }

    private static JsonRpcResponse call(Engine engine, RequestBuilder request) throws Exception {
        return engine.client().call(request.build()).get(CALL.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * The first call of a connection, retried while the client cannot connect (it gives a TLS handshake
     * half a second, and a cold JVM may need more), as the engine retries a host it cannot reach.
     */
    private static JsonRpcResponse firstCall(Engine engine, String method) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                JsonRpcResponse response = call(engine, new RequestBuilder(method));
                // 5022: the client's own code for a connection lost under a call
                if (response.getError() == null || response.getError().path("code").asInt() != 5022) {
                    return response;
                }
            } catch (ClientConnectionException e) {
                // not connected yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the engine's client could not call " + method + " within 60 s");
            }
            Thread.sleep(500);
        }
    }

    private static Map<String, Object> vmParams(String name) throws IOException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("vmName", name);
        p.put("memSize", 128);
        p.put("drives", List.of(Map.of("path", agent.disk(name + ".img").toString(), "format", "raw")));
        return p;
    }

    private static void awaitStatus(Engine engine, String vmId, String status) throws InterruptedException {
        awaitStatus(engine.events(), vmId, status);
    }

    @SuppressWarnings("unchecked")
    private static void awaitStatus(BlockingQueue<Map<String, Object>> events, String vmId, String status)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Object> params = events.poll(1, TimeUnit.SECONDS);
            if (params != null && params.get(vmId) instanceof Map<?, ?> vm && status.equals(vm.get("status"))) {
                assertThat(params).containsKey("notify_time");
                assertThat(((Map<String, Object>) vm).get("vmId")).isEqualTo(vmId);
                return;
            }
        }
        throw new AssertionError("no VM_status " + status + " event for " + vmId + " within 30 s");
    }

    @Test
    @Order(1)
    void theEngineCallsTheHostAndFollowsItsVms() throws Exception {
        JsonRpcResponse caps = firstCall(engine, "Host.getCapabilities");
        assertThat(caps.getError()).as("%s", caps.getError()).isNull();
        assertThat(caps.getResult().path("hostId").asText()).isNotEmpty();
        JsonRpcResponse stats = call(engine, new RequestBuilder("Host.getStats"));
        assertThat(stats.getError()).isNull();
        assertThat(stats.getResult().path("cpuCount").isMissingNode() && stats.getResult().size() == 0).isFalse();

        JsonRpcResponse unknown = call(engine, new RequestBuilder("Host.noSuchVerb"));
        assertThat(unknown.getError().path("code").asInt()).isEqualTo(-32601);
        JsonRpcResponse noVm = call(engine, new RequestBuilder("VM.destroy")
                .withParameter("vmID", UUID.randomUUID().toString()));
        assertThat(noVm.getError().path("code").asInt()).as("VDSM's noVM").isEqualTo(1);
        assertThat(noVm.getError().path("message").asText()).isNotEmpty();

        String vmId = UUID.randomUUID().toString();
        JsonRpcResponse created = call(engine, new RequestBuilder("VM.create").withParameter("vmID", vmId)
                .withParameter("vmParams", vmParams("engine-vm")));
        assertThat(created.getError()).as("%s", created.getError()).isNull();
        awaitStatus(engine, vmId, "Up");
        awaitStatus(engine.anyHost(), vmId, "Up");
        JsonRpcResponse destroyed = call(engine, new RequestBuilder("VM.destroy").withParameter("vmID", vmId));
        assertThat(destroyed.getError()).as("%s", destroyed.getError()).isNull();
        awaitStatus(engine, vmId, "Down");
        assertThat(engine.lost().get()).isNull();
    }

    @Test
    @Order(2)
    void aReaderCertificateReadsButMayNotDestroy() throws Exception {
        Engine reader = connect("reader");
        JsonRpcResponse caps = firstCall(reader, "Host.getCapabilities");
        assertThat(caps.getError()).as("%s", caps.getError()).isNull();
        JsonRpcResponse destroy = call(reader, new RequestBuilder("VM.destroy")
                .withParameter("vmID", UUID.randomUUID().toString()));
        assertThat(destroy.getError().path("code").asInt()).as("accessDenied").isEqualTo(5003);
    }

    /**
     * An idle minute: the engine's client expects traffic every few seconds (it asks heart-beat 0,5000) and drops
     * a silent host; the agent's heart-beats keep the connection, so the engine sees no connection loss. A plain
     * client that asked for no heart-beats stays connected too (the HTTP keep-alive time-out does not apply).
     */
    @Test
    @Order(3)
    void anIdleMinuteSurvivesOnHeartBeats() throws Exception {
        firstCall(engine, "Host.ping2");
        try (StompClient quiet = StompClient.tls(PORT, AmqpSupport.tls(certs, "engine"))) {
            quiet.connect("0,0");
            quiet.send("SUBSCRIBE", Map.of("destination", "quiet", "id", "quiet"));
            Thread.sleep(Duration.ofSeconds(65).toMillis()); // the idle minute itself: nothing to poll for
            assertThat(engine.lost().get()).as("the engine saw its connection lost").isNull();
            JsonRpcResponse ping = call(engine, new RequestBuilder("Host.ping2"));
            assertThat(ping.getError()).isNull();
            assertThat(ping.getResult().asBoolean()).isTrue();
            quiet.send("SEND", Map.of("destination", "jms.topic.vdsm_requests", "reply-to", "quiet"),
                    "{\"jsonrpc\":\"2.0\",\"method\":\"Host.ping2\",\"id\":\"q\"}");
            assertThat(quiet.expect("MESSAGE", Duration.ofSeconds(10)).body()).contains("\"result\":true");
        }
    }

    @Test
    @Order(4)
    void theEngineReconnectsAfterTheAgentRestarts() throws Exception {
        firstCall(engine, "Host.ping2");
        agent.restart();
        // the first calls fail (the connection is gone: 5022, or not yet back); then the client reconnects
        JsonRpcResponse caps = firstCall(engine, "Host.getCapabilities");
        assertThat(caps.getError()).as("%s", caps.getError()).isNull();
        // and it subscribed again: events flow on the new connection
        String vmId = UUID.randomUUID().toString();
        JsonRpcResponse created = call(engine, new RequestBuilder("VM.create").withParameter("vmID", vmId)
                .withParameter("vmParams", vmParams("engine-after-restart")));
        assertThat(created.getError()).as("%s", created.getError()).isNull();
        awaitStatus(engine, vmId, "Up");
        call(engine, new RequestBuilder("VM.destroy").withParameter("vmID", vmId));
    }

    @Test
    @Order(5)
    void aClientWithoutACertificateGetsNoConnection() throws Exception {
        SSLContext anonymous = SSLContext.getInstance("TLS");
        anonymous.init(null, new javax.net.ssl.TrustManager[] {new TrustAll()}, null);
        try (StompClient stomp = StompClient.tls(PORT, anonymous)) {
            // with TLS 1.3 the client learns of the refusal at its first read: the connection ends, no CONNECTED
            stomp.send("CONNECT", Map.of("accept-version", "1.2"));
            StompClient.Frame first = stomp.poll(Duration.ofSeconds(10));
            assertThat(first).isNotNull();
            assertThat(first.command()).isEqualTo("EOF");
        } catch (javax.net.ssl.SSLException | java.net.SocketException e) {
            // refused during the handshake
        }
    }

    /** An event subscription of the engine's client that keeps what it receives, and notes a connection lost. */
    private static final class Collect extends EventSubscriber {
        private final BlockingQueue<Map<String, Object>> events;
        private final AtomicReference<Throwable> lost;
        private Flow.Subscription subscription;

        Collect(String pattern, BlockingQueue<Map<String, Object>> events, AtomicReference<Throwable> lost) {
            super(pattern);
            this.events = events;
            this.lost = lost;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1); // the client delivers on demand only
        }

        @Override
        public void onNext(Map<String, Object> params) {
            events.add(params);
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            lost.set(t);
            subscription.request(1);
        }

        @Override
        public void onComplete() {
        }
    }

    /** For the test above only: a client that accepts any server, to show the server refuses it. */
    private static final class TrustAll implements javax.net.ssl.X509TrustManager {
        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
        }

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
        }
    }
}
