package io.hostbridge.binding.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.BytesMessage;
import jakarta.jms.Message;
import io.hostbridge.bridge.Peer;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JSON-RPC over AMQP as a manager sees it, against a real broker and a real bridge. */
class AmqpAgentTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new TestBroker(null).start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @Test
    void repliesCorrelatedByMessageIdWithTheJsonRpcIdEchoed() throws Exception {
        try (AgentFixture agent = new AgentFixture(broker.url()).start().awaitConnected(WAIT);
             Manager manager = new Manager(broker.url(), agent.hostId, null)) {
            String id = manager.send("{\"jsonrpc\":\"2.0\",\"method\":\"Probe.echo\",\"params\":{\"text\":\"hi\"},\"id\":\"a-1\"}");
            TextMessage reply = manager.reply(WAIT);
            assertThat(reply.getJMSCorrelationID()).isEqualTo(id);
            assertThat(reply.getJMSDeliveryMode()).isEqualTo(jakarta.jms.DeliveryMode.NON_PERSISTENT);
            assertThat(reply.getJMSExpiration()).as("replies nobody takes expire")
                    .isBetween(System.currentTimeMillis(), System.currentTimeMillis() + Outbox.REPLY_TTL_MILLIS);
            assertThat(reply.getText()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"hi\",\"id\":\"a-1\"}");
            assertThat(agent.health.check().healthy()).isTrue();
            assertThat(agent.health.check().message()).startsWith("connected to amqp://127.0.0.1:" + broker.port());
        }
    }

    @Test
    void theCallerIsTheUserTheBrokerValidatedAndWithoutOneNobody() throws Exception {
        try (AgentFixture agent = new AgentFixture(broker.url()).start().awaitConnected(WAIT);
             Manager manager = new Manager(broker.url(), agent.hostId, null)) {
            assertThat(manager.as("CN=ops,O=hostbridge;serial=1f").call("Probe.echo", "[\"hi\"]")
                    .get("result").asText()).isEqualTo("hi");
            assertThat(agent.lastPeer.get()).isEqualTo(new Peer.BrokerUser("CN=ops,O=hostbridge;serial=1f"));

            JsonNode refused = manager.as(null).call("Probe.echo", "[\"hi\"]");
            assertThat(agent.lastPeer.get()).as("no stamp: nobody, not an admin").isEqualTo(Peer.ANONYMOUS);
            assertThat(refused.at("/error/data/code").asInt()).as(refused.toString()).isEqualTo(5003);
            assertThat(refused.at("/error/message").asText()).contains("Probe.echo", "needs read");
        }
    }

    @Test
    void aReplyToOneOfHostbridgesOwnAddressesIsNotSent() throws Exception {
        try (AgentFixture agent = new AgentFixture(broker.url()).start().awaitConnected(WAIT);
             Manager manager = new Manager(broker.url(), agent.hostId, null)) {
            Session session = manager.session();
            Topic events = session.createTopic("hostbridge.events." + agent.hostId);
            MessageConsumer subscriber = session.createConsumer(events);
            Message request = session.createTextMessage(
                    "{\"jsonrpc\":\"2.0\",\"method\":\"Probe.touch\",\"params\":{\"key\":\"own\"},\"id\":1}");
            request.setStringProperty(RequestListener.VALIDATED_USER, "manager");
            request.setJMSReplyTo(events);
            session.createProducer(session.createQueue("hostbridge.host." + agent.hostId)).send(request);
            java.time.Instant deadline = java.time.Instant.now().plus(WAIT);
            while (agent.probe.calls("own") < 1 && java.time.Instant.now().isBefore(deadline)) {
                Thread.sleep(10);
            }
            assertThat(agent.probe.calls("own")).as("the request ran").isEqualTo(1);
            for (Message m = subscriber.receive(500); m != null; m = subscriber.receive(500)) {
                assertThat(m.getJMSCorrelationID()).as("no reply on the events address")
                        .isNotEqualTo(request.getJMSMessageID());
            }
        }
    }

    /** RabbitMQ 3.x has no temporary queues: replies must reach a named queue just as well. */
    @Test
    void repliesToAFixedNamedQueue() throws Exception {
        try (AgentFixture agent = new AgentFixture(broker.url()).start().awaitConnected(WAIT);
             Manager manager = new Manager(broker.url(), agent.hostId, "replies.manager-" + agent.hostId)) {
            JsonNode reply = manager.call("Probe.echo", "[\"positional\"]");
            assertThat(reply.get("result").asText()).isEqualTo("positional");
        }
    }

    @Test
    void notificationsAndRequestsWithoutReplyToRunButGetNoReply() throws Exception {
        try (AgentFixture agent = new AgentFixture(broker.url()).start().awaitConnected(WAIT);
             Manager manager = new Manager(broker.url(), agent.hostId, null)) {
            manager.send("{\"jsonrpc\":\"2.0\",\"method\":\"Probe.touch\",\"params\":{\"key\":\"n\"}}");
            manager.sendWithoutReplyTo("{\"jsonrpc\":\"2.0\",\"method\":\"Probe.touch\",\"params\":{\"key\":\"n\"},\"id\":1}");
            manager.sendWithoutReplyTo("not json, and nobody to tell");
            JsonNode third = manager.call("Probe.touch", "{\"key\":\"m\"}");
            assertThat(third.get("result").asLong()).isEqualTo(1);
            // requests are received by several sessions and run by several workers: in any order
            java.time.Instant deadline = java.time.Instant.now().plus(WAIT);
            while (agent.probe.calls("n") < 2 && java.time.Instant.now().isBefore(deadline)) {
                Thread.sleep(10);
            }
            assertThat(agent.probe.calls("n")).as("both earlier calls ran").isEqualTo(2);
            assertThat(manager.pollReply(Duration.ofMillis(200))).as("no other reply").isNull();
        }
    }

    @Test
    void errorsComeBackAsJsonRpcErrors() throws Exception {
        try (AgentFixture agent = new AgentFixture(broker.url()).start().awaitConnected(WAIT);
             Manager manager = new Manager(broker.url(), agent.hostId, null)) {
            JsonNode unknown = manager.call("No.such", "{}");
            assertThat(unknown.at("/error/code").asInt()).isEqualTo(-32601);
            JsonNode invalid = manager.call("Probe.echo", "{\"text\":5}");
            assertThat(invalid.at("/error/code").asInt()).isEqualTo(-32602);
            assertThat(invalid.at("/error/data/parameter").asText()).isEqualTo("text");
            assertThat(invalid.get("id").asInt()).isEqualTo(7);
        }
    }

    @Test
    void aBatchGetsOneReplyHoldingAResponsePerRequest() throws Exception {
        try (AgentFixture agent = new AgentFixture(broker.url()).start().awaitConnected(WAIT);
             Manager manager = new Manager(broker.url(), agent.hostId, null)) {
            String id = manager.send("[{\"jsonrpc\":\"2.0\",\"method\":\"Probe.echo\",\"params\":[\"a\"],\"id\":1},"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"Probe.touch\",\"params\":[\"b\"]},"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"Probe.echo\",\"params\":[\"c\"],\"id\":3}]");
            TextMessage reply = manager.reply(WAIT);
            assertThat(reply.getJMSCorrelationID()).isEqualTo(id);
            assertThat(reply.getText()).isEqualTo("[{\"jsonrpc\":\"2.0\",\"result\":\"a\",\"id\":1},"
                    + "{\"jsonrpc\":\"2.0\",\"result\":\"c\",\"id\":3}]");
            assertThat(agent.probe.calls("b")).isEqualTo(1);
        }
    }

    @Test
    void malformedOversizedAndNonTextMessagesAreAnsweredAndServingGoesOn() throws Exception {
        try (AgentFixture agent = new AgentFixture(broker.url()).start().awaitConnected(WAIT);
             Manager manager = new Manager(broker.url(), agent.hostId, null)) {
            String id = manager.send("{\"jsonrpc\":\"2.0\",\"method\":");
            TextMessage reply = manager.reply(WAIT);
            assertThat(reply.getJMSCorrelationID()).isEqualTo(id);
            JsonNode parse = Manager.json(reply);
            assertThat(parse.at("/error/code").asInt()).isEqualTo(-32700);
            assertThat(parse.at("/error/message").asText()).startsWith("Parse error: ").contains("line 1");
            assertThat(parse.get("id").isNull()).isTrue();

            String big = "{\"jsonrpc\":\"2.0\",\"method\":\"Probe.echo\",\"params\":{\"text\":\"" + "é".repeat(2100) + "\"},\"id\":1}";
            manager.send(big); // 2100 characters, but over 4096 bytes in UTF-8
            JsonNode tooLarge = Manager.json(manager.reply(WAIT));
            assertThat(tooLarge.at("/error/code").asInt()).isEqualTo(5004);
            assertThat(tooLarge.at("/error/message").asText())
                    .contains(big.getBytes(StandardCharsets.UTF_8).length + " bytes", "4096");

            BytesMessage bytes = manager.session().createBytesMessage();
            bytes.writeBytes("{\"jsonrpc\":\"2.0\",\"method\":\"Probe.echo\",\"params\":[\"x\"],\"id\":1}".getBytes());
            manager.send(bytes);
            JsonNode notText = Manager.json(manager.reply(WAIT));
            assertThat(notText.at("/error/code").asInt()).isEqualTo(5005);
            assertThat(notText.at("/error/message").asText()).contains("text message", "bytes message");

            manager.send(manager.session().createMessage());
            assertThat(Manager.json(manager.reply(WAIT)).at("/error/message").asText()).contains("without a body");

            assertThat(manager.call("Probe.echo", "[\"still here\"]").get("result").asText()).isEqualTo("still here");
        }
    }

    /** VDSM's lesson: an overloaded agent says so at once (1100) instead of leaving the caller to time out. */
    @Test
    void aFullExecutorRefusesAtOnceWith1100() throws Exception {
        try (AgentFixture agent = new AgentFixture(broker.url(), 1, 1, 1000).start().awaitConnected(WAIT);
             Manager manager = new Manager(broker.url(), agent.hostId, null)) {
            String running = manager.send(hold(1));
            agent.probe.awaitEntered(1, WAIT);
            String waiting = manager.send(hold(2));
            long sent = System.nanoTime();
            String refused = manager.send(hold(3));
            TextMessage reply = manager.reply(WAIT);
            long millis = (System.nanoTime() - sent) / 1_000_000;
            assertThat(reply.getJMSCorrelationID()).isEqualTo(refused);
            JsonNode body = Manager.json(reply);
            assertThat(body.at("/error/code").asInt()).isEqualTo(1100);
            assertThat(body.at("/error/data/name").asText()).isEqualTo("resourceExhausted");
            assertThat(body.get("id").asInt()).as("the refused request's id").isEqualTo(3);
            assertThat(millis).as("answered while the others still run").isLessThan(5000);

            agent.probe.open("h");
            assertThat(manager.reply(WAIT).getJMSCorrelationID()).isEqualTo(running);
            assertThat(manager.reply(WAIT).getJMSCorrelationID()).isEqualTo(waiting);
            assertThat(agent.probe.calls("h")).isEqualTo(2);
        }
    }

    @Test
    void theFlowIdPropertyIsAcceptedAndOddOnesIgnored() throws Exception {
        try (AgentFixture agent = new AgentFixture(broker.url()).start().awaitConnected(WAIT);
             Manager manager = new Manager(broker.url(), agent.hostId, null)) {
            for (String flow : new String[] {"flow-1", "bad flow\n", "x".repeat(500)}) {
                Message m = manager.session().createTextMessage(
                        "{\"jsonrpc\":\"2.0\",\"method\":\"Probe.echo\",\"params\":[\"f\"],\"id\":1}");
                m.setStringProperty("FlowID", flow);
                manager.send(m);
                assertThat(Manager.json(manager.reply(WAIT)).get("result").asText()).isEqualTo("f");
            }
        }
    }

    private static String hold(int id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"Probe.hold\",\"params\":{\"key\":\"h\"},\"id\":" + id + "}";
    }
}
