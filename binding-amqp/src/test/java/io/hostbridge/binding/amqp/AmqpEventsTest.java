package io.hostbridge.binding.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.Map;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;

/** Events and presence, as a subscriber on the broker sees them. */
class AmqpEventsTest {
    private static final long WAIT = 10_000;

    /**
     * Events published while the broker is out of reach wait on the bus; those beyond the subscription's
     * queue are lost and reported as one gap notice, in order, before live events resume.
     */
    @Test
    void eventsGapsAndPresenceReachTheirAddresses() throws Exception {
        try (TestBroker broker = new TestBroker(null).start();
             TcpProxy proxy = new TcpProxy(broker.port());
             AgentFixture agent = new AgentFixture(proxy.url(), 2, 2, 4);
             Connection subscriber = new JmsConnectionFactory(broker.url()).createConnection()) {
            subscriber.start();
            Session session = subscriber.createSession(Session.AUTO_ACKNOWLEDGE);
            MessageConsumer all = session.createConsumer(session.createTopic("hostbridge.events." + agent.hostId));
            MessageConsumer onlyB = session.createConsumer(session.createTopic("hostbridge.events." + agent.hostId),
                    "topic = 'test.b'");
            MessageConsumer presence = session.createConsumer(session.createTopic("hostbridge.presence"),
                    "hostId = '" + agent.hostId + "'");

            proxy.refuse(true);
            agent.start();
            long first = agent.bus.publish("test.a", "s1", Map.of("n", 1)).seq();
            for (int n = 2; n <= 10; n++) {
                agent.bus.publish("test.a", "s1", Map.of("n", n));
            }
            proxy.refuse(false);
            agent.awaitConnected(Duration.ofSeconds(10));

            JsonNode up = Manager.json(presence.receive(WAIT));
            assertThat(up.get("state").asText()).isEqualTo("up");
            assertThat(up.get("hostId").asText()).isEqualTo(agent.hostId);
            assertThat(up.at("/addresses/requests").asText()).isEqualTo("hostbridge.host." + agent.hostId);
            assertThat(up.at("/addresses/events").asText()).isEqualTo("hostbridge.events." + agent.hostId);
            assertThat(up.get("interval").asInt()).isEqualTo(30);
            assertThat(up.get("time").asText()).endsWith("Z");
            assertThat(up.has("version")).as("no Host namespace in this bridge").isFalse();

            for (long seq = first; seq < first + 4; seq++) {
                Message m = all.receive(WAIT);
                assertThat(m.getStringProperty("topic")).isEqualTo("test.a");
                assertThat(m.getLongProperty("seq")).isEqualTo(seq);
                assertThat(m.getStringProperty("subject")).isEqualTo("s1");
                JsonNode event = Manager.json(m);
                assertThat(event.get("seq").asLong()).isEqualTo(seq);
                assertThat(event.get("hostId").asText()).isEqualTo(agent.hostId);
                assertThat(event.get("subject").asText()).isEqualTo("s1");
                assertThat(event.at("/payload/n").asLong()).isEqualTo(seq - first + 1);
                assertThat(event.get("time").asText()).matches("\\d{4}-.*Z");
            }
            Message gapMessage = all.receive(WAIT);
            assertThat(gapMessage.getStringProperty("topic")).isEqualTo("gap");
            JsonNode gap = Manager.json(gapMessage);
            assertThat(gap.get("topic").asText()).isEqualTo("gap");
            assertThat(gap.get("seq").asLong()).isEqualTo(first + 9);
            assertThat(gap.at("/payload/fromSeq").asLong()).isEqualTo(first + 4);
            assertThat(gap.at("/payload/toSeq").asLong()).isEqualTo(first + 9);
            assertThat(gap.at("/payload/reason").asText()).isEqualTo("overflow");
            assertThat(gap.at("/payload/dropped").asLong()).isEqualTo(6);
            long live = agent.bus.publish("test.b", "s2", Map.of("live", true)).seq();
            assertThat(Manager.json(all.receive(WAIT)).get("seq").asLong()).isEqualTo(live);

            Message selected = onlyB.receive(WAIT);
            assertThat(selected.getLongProperty("seq")).isEqualTo(live);
            assertThat(onlyB.receive(100)).as("the selector kept test.a and the gap out").isNull();

            agent.agent.stop();
            JsonNode down = Manager.json(presence.receive(WAIT));
            assertThat(down.get("state").asText()).isEqualTo("down");
        }
    }
}
