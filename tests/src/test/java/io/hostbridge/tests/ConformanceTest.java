package io.hostbridge.tests;

import static io.hostbridge.tests.ConformanceClients.ordered;
import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.tests.ConformanceClients.Client;
import io.hostbridge.tests.ConformanceClients.ReceivedEvent;
import io.hostbridge.tests.ConformanceClients.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One scenario suite, run through every binding — REST, JSON-RPC over HTTP, XML-RPC and AMQP — against one
 * agent: the four must agree on results, error codes and the parameter an error names, and all must deliver
 * events.
 */
class ConformanceTest {
    private static final int BROKER_PORT = freePort();

    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(Map.of(
            "amqp.enabled", "true", "broker.port", Integer.toString(BROKER_PORT)));

    private static final Map<String, Client> clients = new java.util.concurrent.ConcurrentHashMap<>();
    private static String hostId;

    private static int freePort() {
        try {
            return ConformanceClients.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void connect() throws Exception {
        hostId = Http.get(agent.uri("/api/v1/host/capabilities")).json().path("hostId").asText();
    }

    @AfterAll
    static void disconnect() throws Exception {
        for (Client client : clients.values()) {
            client.close();
        }
    }

    static Stream<String> bindings() {
        return Stream.of("rest", "jsonrpc-http", "xmlrpc", "amqp");
    }

    /** Each binding's client, connected on first use (so one binding failing to connect fails only its own tests). */
    private static Client client(String binding) throws Exception {
        Client client = clients.get(binding);
        if (client == null) {
            client = switch (binding) {
                case "rest" -> new ConformanceClients.Rest(agent.uri("/"));
                case "jsonrpc-http" -> new ConformanceClients.JsonRpcHttp(agent.uri("/"));
                case "xmlrpc" -> new ConformanceClients.XmlRpc(agent.uri("/"));
                case "amqp" -> new ConformanceClients.Amqp(BROKER_PORT, hostId);
                default -> throw new IllegalArgumentException(binding);
            };
            clients.put(binding, client);
        }
        return client;
    }

    private static long number(Object value) {
        // XML-RPC carries 64-bit values as decimal strings; the others as numbers
        return Long.parseLong(String.valueOf(value));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void capabilitiesNameThisHost(String binding) throws Exception {
        Reply reply = client(binding).call("Host.getCapabilities", Map.of());
        assertThat(reply.ok()).as(reply.toString()).isTrue();
        Map<String, Object> caps = reply.map();
        assertThat(caps.get("hostId")).isEqualTo(hostId);
        assertThat(number(caps.get("cpuCores"))).isPositive();
        assertThat(number(caps.get("memSize"))).isPositive();
        assertThat((List<?>) caps.get("supportedProtocols")).map(String::valueOf)
                .contains("rest", "jsonrpc", "xmlrpc", "amqp");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void statsDescribeTheHost(String binding) throws Exception {
        Map<String, Object> stats = client(binding).call("Host.getStats", Map.of()).map();
        assertThat(number(stats.get("memTotal"))).isPositive();
        assertThat(((Number) stats.get("cpuIdle")).doubleValue()).isBetween(0.0, 100.0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void pingAnswers(String binding) throws Exception {
        assertThat(client(binding).call("Host.ping2", Map.of()).ok()).isTrue();
        assertThat(client(binding).call("Host.ping", Map.of()).ok()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void unknownVerbIs5001(String binding) throws Exception {
        Reply reply = client(binding).call("No.suchVerb", Map.of());
        assertThat(reply.code()).isEqualTo(5001);
        assertThat(reply.message()).contains("No.suchVerb");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void outOfRangeParamIs5002NamingIt(String binding) throws Exception {
        Reply reply = client(binding).call("Host.getEvents", ordered("afterSeq", 0, "topics", "#", "limit", 0));
        assertThat(reply.code()).isEqualTo(5002);
        assertThat(reply.message()).contains("'limit'", "below the minimum 1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void wrongTypeIs5002NamingIt(String binding) throws Exception {
        Reply reply = client(binding).call("Host.getEvents", ordered("afterSeq", "soon"));
        assertThat(reply.code()).isEqualTo(5002);
        assertThat(reply.message()).contains("'afterSeq'", "expected long");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void badTopicPatternIs5002NamingIt(String binding) throws Exception {
        Reply reply = client(binding).call("Host.getEvents", ordered("afterSeq", 0, "topics", "host..stats"));
        assertThat(reply.code()).isEqualTo(5002);
        assertThat(reply.message()).contains("topics");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void extraParamIs5002(String binding) throws Exception {
        Reply reply = client(binding).call("Host.ping2", ordered("bogus", 1));
        assertThat(reply.code()).isEqualTo(5002);
        assertThat(reply.message()).containsAnyOf("'bogus'", "takes at most 0 parameters");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void eventsArriveWithTheSameEnvelope(String binding) throws Exception {
        ReceivedEvent event = client(binding).nextEvent("host.stats", Duration.ofSeconds(10));
        assertThat(event.topic()).isEqualTo("host.stats");
        assertThat(event.hostId()).isEqualTo(hostId);
        assertThat(event.seq()).isPositive();
        assertThat(number(((Map<?, ?>) event.payload()).get("memTotal"))).isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void pollingGivesEventsInSequenceOrder(String binding) throws Exception {
        client(binding).nextEvent("host.stats", Duration.ofSeconds(10)); // at least one event exists
        Reply reply = client(binding).call("Host.getEvents", ordered("afterSeq", 0, "topics", "host.#", "limit", 5));
        List<?> events = (List<?>) reply.map().get("events");
        assertThat(events).isNotEmpty();
        List<Long> seqs = events.stream().map(e -> number(((Map<?, ?>) e).get("seq"))).toList();
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
        assertThat(number(reply.map().get("lastSeq"))).isGreaterThanOrEqualTo(seqs.get(seqs.size() - 1));
    }
}
