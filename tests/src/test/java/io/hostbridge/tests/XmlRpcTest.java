package io.hostbridge.tests;

import static io.hostbridge.tests.XmlRpcCalls.assertDone;
import static io.hostbridge.tests.XmlRpcCalls.assertStatus;
import static io.hostbridge.tests.XmlRpcCalls.call;
import static io.hostbridge.tests.XmlRpcCalls.struct;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * The XML-RPC binding as a VDSM-era client sees it (Apache's Java client, real agent): legacy names, namespaced
 * names, the status envelope, longs as strings, positional arguments and the errors.
 */
class XmlRpcTest {
    @RegisterExtension
    static final AgentExtension agent = new AgentExtension();
    private XmlRpcClient client;

    @BeforeEach
    void connect() throws Exception {
        client = XmlRpcCalls.client(agent);
    }

    @Test
    void getVdsCapabilitiesAnswersInfoInTheEnvelope() throws Exception {
        Map<String, Object> reply = call(client, "getVdsCapabilities");
        assertThat(reply).containsOnlyKeys("status", "info");
        assertDone(reply);
        Map<String, Object> info = struct(reply.get("info"));
        assertThat(info.get("hostId")).isEqualTo(Files.readString(agent.stateDir().resolve("host-id")).strip())
                .isEqualTo(info.get("uuid"));
        assertThat(info.get("cpuThreads")).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(struct(info.get("nics"))).containsKey("lo");
    }

    @Test
    void longsAreDecimalStringsWithTheSameValueAsOverRest() throws Exception {
        Map<String, Object> info = struct(call(client, "getVdsCapabilities").get("info"));
        JsonNode rest = Http.get(agent.uri("/api/v1/host/capabilities")).json();
        assertThat(info.get("memSize")).isInstanceOf(String.class).isEqualTo(rest.get("memSize").asText());
        assertThat(info.get("bootTime")).isEqualTo(String.valueOf(rest.get("bootTime").asLong()));
        Map<String, Object> stats = struct(call(client, "getVdsStats").get("info"));
        assertThat((String) stats.get("memTotal")).matches("[0-9]+");
        long total = Long.parseLong((String) stats.get("memTotal"));
        long available = Long.parseLong((String) stats.get("memAvailable"));
        assertThat(Long.parseLong((String) stats.get("memUsed"))).isEqualTo(total - available);
        assertThat(stats.get("cpuIdle")).isInstanceOf(Double.class);
    }

    @Test
    void theOtherLegacyHostCalls() throws Exception {
        Map<String, Object> hardware = call(client, "getVdsHardwareInfo");
        assertDone(hardware);
        assertThat(hardware).containsOnlyKeys("status", "info");
        Map<String, Object> ping = call(client, "ping");
        assertThat(ping).isEqualTo(Map.of("status", Map.of("code", 0, "message", "Done")));
    }

    @Test
    void everyVerbIsCallableByItsNamespacedNameWithTheResultUnderResult() throws Exception {
        Map<String, Object> caps = call(client, "Host.getCapabilities");
        assertDone(caps);
        assertThat(struct(caps.get("result"))).containsKeys("hostId", "cpuModel");
        Map<String, Object> health = call(client, "Host.getHealth");
        assertThat(struct(health.get("result")).get("healthy")).isEqualTo(true);
        assertThat(call(client, "Host.ping2")).containsOnlyKeys("status");
    }

    @Test
    void getEventsTakesPositionalArgumentsAndSendsSequenceNumbersAsStrings() throws Exception {
        long seq;
        try (SseClient sse = new SseClient(agent.uri("/api/v1/events?topics=host.stats"), null)) {
            seq = Long.parseLong(sse.next(Duration.ofSeconds(10)).id()); // an event both bindings can see
        }
        // afterSeq, topics, limit: the declaration order; afterSeq as a decimal string or as an int
        for (Object afterSeq : new Object[] {String.valueOf(seq - 1), (int) seq - 1}) {
            Map<String, Object> reply = call(client, "Host.getEvents", afterSeq, "host.stats", 1);
            assertDone(reply);
            Map<String, Object> page = struct(reply.get("result"));
            assertThat(Long.parseLong((String) page.get("lastSeq"))).isGreaterThanOrEqualTo(seq);
            Object[] events = (Object[]) page.get("events");
            assertThat(events).hasSize(1);
            Map<String, Object> event = struct(events[0]);
            assertThat(event.get("seq")).isEqualTo(String.valueOf(seq));
            assertThat(event.get("topic")).isEqualTo("host.stats");
            assertThat((String) struct(event.get("payload")).get("memTotal")).matches("[0-9]+");
        }
    }

    @Test
    void invalidArgumentsAreTheStatusNamingTheParameter() throws Exception {
        assertStatus(call(client, "Host.getEvents", "seven"), 5002, "'afterSeq'");
        assertStatus(call(client, "Host.getEvents", "-1"), 5002, "'afterSeq'", "minimum 0");
        assertStatus(call(client, "Host.getEvents", "0", "host.stats", "many"), 5002, "'limit'", "expected int");
        assertStatus(call(client, "Host.getEvents", "0", "vm*"), 5002, "topics");
        assertStatus(call(client, "Host.getEvents", "0", "#", 1, "extra"), 5002, "at most 3");
        assertStatus(call(client, "getVdsCapabilities", "extra"), 5002, "getVdsCapabilities takes no arguments, got 1");
        assertStatus(call(client, "Host.getEvents", new byte[] {1, 2}), 5002, "'afterSeq'", "base64");
    }

    @Test
    void unknownMethodsAre5001NamingTheMethod() throws Exception {
        Map<String, Object> reply = call(client, "getVdsCapabilitiez");
        assertThat(reply).containsOnlyKeys("status");
        assertStatus(reply, 5001, "getVdsCapabilitiez");
        assertStatus(call(client, "Host.nope"), 5001, "Host.nope");
    }

    @Test
    void theFlowIdHeaderIsTheCallsFlowId() throws Exception {
        Logger accessLog = (Logger) LoggerFactory.getLogger("hostbridge.access");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Level level = accessLog.getLevel();
        accessLog.setLevel(Level.INFO);
        accessLog.addAppender(log);
        try {
            assertThat(postPing("xmlrpc-flow-42").body()).contains("<name>message</name><value>Done</value>");
            // an id that cannot be logged safely is replaced, and the call still works
            assertThat(postPing("two words").body()).contains("<name>message</name><value>Done</value>");
        } finally {
            accessLog.detachAppender(log);
            accessLog.setLevel(level);
        }
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).startsWith("binding=xmlrpc call=Host.ping outcome=ok")
                        .endsWith("flow=xmlrpc-flow-42"))
                .noneSatisfy(m -> assertThat(m).contains("two words"));
    }

    private static Http.Reply postPing(String flowId) throws Exception {
        return Http.send(HttpRequest.newBuilder(agent.uri("/RPC2")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "text/xml").header("FlowID", flowId)
                .POST(HttpRequest.BodyPublishers.ofString(XmlRpcCalls.methodCall("ping"))).build());
    }

    @Test
    void onlyPostToRpc2IsServed() throws Exception {
        Http.Reply get = Http.get(agent.uri("/RPC2"));
        assertThat(get.status()).isEqualTo(405);
        Http.Reply elsewhere = Http.send(HttpRequest.newBuilder(agent.uri("/RPC2/more"))
                .header("Content-Type", "text/xml").POST(HttpRequest.BodyPublishers.ofString(XmlRpcCalls.methodCall("ping"))).build());
        assertThat(elsewhere.status()).isEqualTo(404);
        Http.Reply ok = XmlRpcCalls.post(agent, XmlRpcCalls.methodCall("ping"));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.contentType()).startsWith("text/xml");
    }
}
