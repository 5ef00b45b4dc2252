package io.hostbridge.tests;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.tests.ConformanceClients.Client;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One agent with every binding on (REST, JSON-RPC over HTTP, XML-RPC, STOMP, AMQP with its embedded broker) and one
 * conformance client per binding, for a conformance test class:
 * {@code @RegisterExtension static final AllBindings agent = new AllBindings(Map.of());} and
 * {@code @MethodSource("io.hostbridge.tests.AllBindings#bindings")}.
 */
final class AllBindings implements BeforeAllCallback, AfterAllCallback {
    private final int brokerPort;
    private final AgentExtension agent;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private String hostId;
    private Path amqpCerts;

    AllBindings(Map<String, String> overrides) {
        try {
            brokerPort = ConformanceClients.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> all = new HashMap<>(overrides);
        all.put("amqp.enabled", "true");
        all.put("broker.port", Integer.toString(brokerPort));
        agent = new AgentExtension(all);
    }

    /** The binding names, for {@code @MethodSource}. */
    static Stream<String> bindings() {
        return Stream.of("rest", "jsonrpc-http", "xmlrpc", "amqp", "stomp");
    }

    /** The bindings, and the Java client library over HTTP, AMQP and STOMP (issue 15: the same behaviour). */
    static Stream<String> callers() {
        return Stream.concat(bindings(), Stream.of("client-unix", "client-amqp", "client-stomp"));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        agent.beforeAll(context);
        hostId = Http.get(agent.uri("/api/v1/host/capabilities")).json().path("hostId").asText();
        // the AMQP client logs in with an admin certificate of the agent's CA (the HTTP clients are insecure admins)
        amqpCerts = AmqpSupport.issue(agent, "conformance", AccessLevel.ADMIN, agent.stateDir().resolveSibling("amqp"));
        // the host's request address exists once the AMQP agent is connected to its broker; a client may not make it
        AmqpSupport.awaitConnected(agent);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            for (Client client : clients.values()) {
                client.close();
            }
        } finally {
            agent.afterAll(context);
        }
    }

    /** The binding's client, connected on first use (so one binding failing to connect fails only its tests). */
    Client client(String binding) throws Exception {
        Client client = clients.get(binding);
        if (client == null) {
            client = switch (binding) {
                case "rest" -> new ConformanceClients.Rest(agent.uri("/"));
                case "jsonrpc-http" -> new ConformanceClients.JsonRpcHttp(agent.uri("/"));
                case "xmlrpc" -> new ConformanceClients.XmlRpc(agent.uri("/"));
                case "stomp" -> new ConformanceClients.Stomp(StompClient.plain(agent.port()));
                case "amqp" -> new ConformanceClients.Amqp(AmqpSupport.jms(Integer.toString(brokerPort), amqpCerts,
                        "conformance"), hostId);
                case "client-unix" -> new ConformanceClients.Library(binding, io.hostbridge.client.HostbridgeClient
                        .builder().unixSocket(agent.socket()).timeout(Duration.ofSeconds(30)).build());
                case "client-stomp" -> new ConformanceClients.Library(binding, io.hostbridge.client.HostbridgeClient
                        .builder().unixSocket(agent.socket()).stomp().timeout(Duration.ofSeconds(30)).build());
                case "client-amqp" -> new ConformanceClients.Library(binding, io.hostbridge.client.HostbridgeClient
                        .builder().amqp(URI.create("amqps://localhost:" + brokerPort), hostId, amqpCerts.resolve("ca.pem"),
                                amqpCerts.resolve("conformance.pem"), amqpCerts.resolve("conformance-key.pem"))
                        .timeout(Duration.ofSeconds(30)).build());
                default -> throw new IllegalArgumentException(binding);
            };
            clients.put(binding, client);
        }
        return client;
    }

    String hostId() {
        return hostId;
    }

    AgentExtension agent() {
        return agent;
    }

    /** A number from any binding: XML-RPC carries 64-bit values as decimal strings, the others as numbers. */
    static long number(Object value) {
        return Long.parseLong(String.valueOf(value));
    }
}
