package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import io.hostbridge.api.AccessLevel;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent with its embedded broker, driven by a cluster manager written with Qpid JMS over AMQPS with a client
 * certificate of the agent's CA.
 */
class AmqpTest {
    private static final String PORT = AmqpSupport.freePort();
    private static final long WAIT = 10_000;

    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(Map.of("amqp.enabled", "true", "broker.port", PORT,
            "amqp.presenceInterval", "1s"));

    private static String hostId;
    private static Connection connection;
    private static Session session;
    private static MessageProducer producer;
    private static TemporaryQueue replies;
    private static MessageConsumer replyConsumer;

    @TempDir
    static Path certs;

    @BeforeAll
    static void connect() throws Exception {
        hostId = AmqpSupport.hostId(agent);
        AmqpSupport.awaitConnected(agent);
        AmqpSupport.issue(agent, "manager", AccessLevel.WRITE, certs);
        connection = AmqpSupport.jms(PORT, certs, "manager").createConnection();
        connection.start();
        session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
        producer = session.createProducer(session.createQueue("hostbridge.host." + hostId));
        replies = session.createTemporaryQueue();
        replyConsumer = session.createConsumer(replies);
    }

    @AfterAll
    static void close() throws Exception {
        connection.close();
    }

    private static JsonNode call(String method, String params) throws Exception {
        TextMessage request = session.createTextMessage(
                "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + ",\"id\":\"r1\"}");
        request.setJMSReplyTo(replies);
        producer.send(request);
        TextMessage reply = (TextMessage) replyConsumer.receive(WAIT);
        assertThat(reply).as("reply to " + method).isNotNull();
        assertThat(reply.getJMSCorrelationID()).isEqualTo(request.getJMSMessageID());
        JsonNode body = Http.JSON.readTree(reply.getText());
        assertThat(body.get("id").asText()).isEqualTo("r1");
        return body;
    }

    @Test
    void getCapabilitiesOverAmqp() throws Exception {
        JsonNode caps = call("Host.getCapabilities", "{}").get("result");
        assertThat(caps.get("hostId").asText()).isEqualTo(hostId);
        assertThat(caps.get("supportedProtocols")).extracting(JsonNode::asText).contains("amqp");
    }

    @Test
    void ping2AnswersTrue() throws Exception {
        assertThat(call("Host.ping2", "[]").get("result").asBoolean()).isTrue();
    }

    @Test
    void validationErrorNamesTheParameter() throws Exception {
        JsonNode error = call("Host.getEvents", "{\"limit\":\"x\"}").get("error");
        assertThat(error.get("code").asInt()).isEqualTo(-32602);
        assertThat(error.at("/data/code").asInt()).isEqualTo(5002);
        assertThat(error.at("/data/parameter").asText()).isEqualTo("limit");
    }

    @Test
    void unknownMethodIsMethodNotFound() throws Exception {
        JsonNode error = call("Host.noSuchVerb", "{}").get("error");
        assertThat(error.get("code").asInt()).isEqualTo(-32601);
        assertThat(error.get("message").asText()).contains("Host.noSuchVerb");
    }

    @Test
    void healthReportsTheBrokerAndTheConnection() throws Exception {
        JsonNode checks = call("Host.getHealth", "{}").at("/result/checks");
        assertThat(checks.at("/amqp/healthy").asBoolean()).as(checks.toString()).isTrue();
        assertThat(checks.at("/broker/healthy").asBoolean()).as(checks.toString()).isTrue();
    }

    @Test
    void hostStatsArriveOnTheEventsAddress() throws Exception {
        try (Session events = connection.createSession(Session.AUTO_ACKNOWLEDGE)) {
            MessageConsumer stats = events.createConsumer(events.createTopic("hostbridge.events." + hostId),
                    "topic = 'host.stats'");
            Message m = stats.receive(WAIT);
            assertThat(m).as("a host.stats event (published every 200 ms here)").isNotNull();
            assertThat(m.getLongProperty("seq")).isPositive();
            JsonNode event = Http.JSON.readTree(((TextMessage) m).getText());
            assertThat(event.get("topic").asText()).isEqualTo("host.stats");
            assertThat(event.get("hostId").asText()).isEqualTo(hostId);
            assertThat(event.get("seq").asLong()).isEqualTo(m.getLongProperty("seq"));
            assertThat(event.at("/payload/cpuIdle").isNumber()).isTrue();
        }
    }

    @Test
    void presenceAnnouncesTheHost() throws Exception {
        try (Session presence = connection.createSession(Session.AUTO_ACKNOWLEDGE)) {
            MessageConsumer consumer = presence.createConsumer(presence.createTopic("hostbridge.presence"),
                    "hostId = '" + hostId + "'");
            Message m = consumer.receive(WAIT);
            assertThat(m).as("an announcement (every second here)").isNotNull();
            JsonNode notice = Http.JSON.readTree(((TextMessage) m).getText());
            assertThat(notice.get("state").asText()).isEqualTo("up");
            assertThat(notice.get("version").asText()).isEqualTo("test");
            assertThat(notice.get("protocols")).extracting(JsonNode::asText).contains("amqp", "rest");
            assertThat(notice.at("/addresses/requests").asText()).isEqualTo("hostbridge.host." + hostId);
            assertThat(notice.at("/addresses/events").asText()).isEqualTo("hostbridge.events." + hostId);
            assertThat(notice.get("interval").asInt()).isEqualTo(1);
        }
    }
}
