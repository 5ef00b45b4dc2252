package io.hostbridge.binding.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import io.hostbridge.bridge.stream.StreamLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Data streams over AMQP as a Qpid JMS client sees them, against a real broker and a real bridge. */
class AgentStreamsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int PACKET = 256 * 1024;
    private static final int MIB = 1024 * 1024;
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
    void anUploadIsAcknowledgedWithOkAfterTheDataIsTaken() throws Exception {
        try (AgentFixture agent = new AgentFixture(broker.url()).start().awaitConnected(WAIT);
             Manager manager = new Manager(broker.url(), agent.hostId, null)) {
            String stream = open(manager, "Probe.sink", "{\"key\":\"up\"}");
            byte[] first = ProbeService.pattern(0, PACKET);
            byte[] second = ProbeService.pattern(PACKET, 1000);
            manager.packet(stream, "continue", 0L, first, Map.of());
            manager.packet(stream, "hole", 1L, null, Map.of("length", 4096L));
            manager.packet(stream, "continue", 2L, second, Map.of());
            manager.packet(stream, "ok", 3L, null, Map.of());

            Message ok = manager.next(WAIT);
            assertPacket(ok, stream, "ok", 0);
            assertThat(ok.getJMSPriority()).as("below replies").isLessThan(4);
            ProbeService.Sink sink = agent.probe.sinkOf("up");
            assertThat(sink.outcome).isEqualTo("ok");
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            expected.write(first);
            expected.write(new byte[4096]);
            expected.write(second);
            assertThat(sink.data.toByteArray()).isEqualTo(expected.toByteArray());
            assertThat(agent.agent.streams()).isZero();
        }
    }

    @Test
    void aDownloadSendsDataHoleAndEndAfterTheReplyThenOkAnswersOk() throws Exception {
        try (AgentFixture agent = new AgentFixture(broker.url()).start().awaitConnected(WAIT);
             Manager manager = new Manager(broker.url(), agent.hostId, null)) {
            String stream = open(manager, "Probe.source", "{\"bytes\":600000,\"hole\":65536}");
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            long seq = 0;
            Message m;
            while (!"hole".equals((m = manager.next(WAIT)).getStringProperty("status"))) {
                assertPacket(m, stream, "continue", seq++);
                byte[] bytes = body(m);
                assertThat(bytes.length).isBetween(1, PACKET);
                data.write(bytes);
            }
            assertPacket(m, stream, "hole", seq++);
            assertThat(m.getLongProperty("length")).isEqualTo(65536);
            assertThat(data.toByteArray()).isEqualTo(ProbeService.pattern(0, 600000));
            Message end = manager.next(WAIT);
            assertPacket(end, stream, "continue", seq++);
            assertThat(body(end)).as("end of data: an empty continue").isEmpty();

            manager.packet(stream, "ok", 0L, null, Map.of());
            assertPacket(manager.next(WAIT), stream, "ok", seq);
            assertThat(manager.pollReply(Duration.ofMillis(200))).isNull();
        }
    }

    /**
     * The agent claims the broker user it logs in as on what it sends, so that a broker that stamps every message
     * with its sender's validated user finds the stamp there and need not encode a packet anew. This test broker
     * stamps nothing: what arrives is the agent's own claim.
     */
    @Test
    void theAgentClaimsItsBrokerUserOnItsRepliesPacketsAndRefusals() throws Exception {
        AmqpSettings s = AgentFixture.settings(broker.url(), 4, 4);
        AmqpSettings withUser = new AmqpSettings(s.url(), "hostbridge-agent", "s3cret", s.workers(), s.queueSize(),
                s.maxMessageBytes(), s.presenceInterval(), s.requestTimeout(), s.reconnectDelay(), s.maxReconnectDelay());
        try (AgentFixture agent = new AgentFixture(broker.url(), withUser, 1000, StreamLimits.DEFAULTS).start()
                .awaitConnected(WAIT);
             Manager manager = new Manager(broker.url(), agent.hostId, null)) {
            manager.send("{\"jsonrpc\":\"2.0\",\"method\":\"Probe.source\",\"params\":{\"bytes\":300000,\"hole\":0},"
                    + "\"id\":1}");
            TextMessage reply = manager.reply(WAIT);
            assertThat(reply.getStringProperty(RequestListener.VALIDATED_USER)).isEqualTo("hostbridge-agent");
            String stream = Manager.json(reply).at("/result/streamId").asText();
            Message data = next(manager, stream);
            assertPacket(data, stream, "continue", 0);
            assertThat(data.getStringProperty(RequestListener.VALIDATED_USER)).isEqualTo("hostbridge-agent");

            String unknown = manager.packet("no-such-stream", "continue", 0L, new byte[10], Map.of());
            Message refusal = next(manager, "no-such-stream");
            assertRefusal(refusal, unknown, "no-such-stream", 5007);
            assertThat(refusal.getStringProperty(RequestListener.VALIDATED_USER)).isEqualTo("hostbridge-agent");
        }
        try (AgentFixture agent = new AgentFixture(broker.url()).start().awaitConnected(WAIT);
             Manager manager = new Manager(broker.url(), agent.hostId, null)) {
            manager.send("{\"jsonrpc\":\"2.0\",\"method\":\"Probe.echo\",\"params\":[\"hi\"],\"id\":1}");
            assertThat(manager.reply(WAIT).propertyExists(RequestListener.VALIDATED_USER))
                    .as("an agent that does not know its user claims none").isFalse();
        }
    }

    @Test
    void packetsForAnUnknownStreamOrAnotherUsersAreRefusedWith5007() throws Exception {
        try (AgentFixture agent = new AgentFixture(broker.url()).start().awaitConnected(WAIT);
             Manager manager = new Manager(broker.url(), agent.hostId, null)) {
            String unknown = manager.packet("no-such-stream", "continue", 0L, new byte[10], Map.of());
            Message refusal = manager.next(WAIT);
            assertRefusal(refusal, unknown, "no-such-stream", 5007);
            assertThat(refusal.getStringProperty("message")).contains("No such stream", "no-such-stream");

            String stream = open(manager, "Probe.sink", "{\"key\":\"mine\"}");
            String foreign = manager.as("intruder").packet(stream, "continue", 0L, new byte[10], Map.of());
            assertRefusal(manager.next(WAIT), foreign, stream, 5007);
            // the owner's stream is untouched
            manager.as("manager").packet(stream, "continue", 0L, new byte[] {1, 2, 3}, Map.of());
            manager.packet(stream, "ok", 1L, null, Map.of());
            assertPacket(manager.next(WAIT), stream, "ok", 0);
            assertThat(agent.probe.sinkOf("mine").data.toByteArray()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void anUnreadablePacketEndsItsStreamWithAClearError() throws Exception {
        try (AgentFixture agent = new AgentFixture(broker.url()).start().awaitConnected(WAIT);
             Manager manager = new Manager(broker.url(), agent.hostId, null)) {
            String stream = open(manager, "Probe.sink", "{\"key\":\"bad\"}");
            manager.packet(stream, "continue", 0L, new byte[10], Map.of());
            manager.packet(stream, "continue", null, new byte[10], Map.of()); // no seq
            Message error = manager.next(WAIT);
            assertPacket(error, stream, "error", 0);
            assertThat(error.getIntProperty("code")).isEqualTo(5005);
            assertThat(error.getStringProperty("message")).contains("'seq' must be an integer", "none");
            assertThat(agent.probe.sinkOf("bad").ended.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(agent.probe.sinkOf("bad").outcome).startsWith("aborted");

            // a status the protocol does not know, for a stream that is over now
            String late = manager.packet(stream, "pause", 2L, null, Map.of());
            Message refusal = manager.next(WAIT);
            assertRefusal(refusal, late, stream, 5005);
            assertThat(refusal.getStringProperty("message")).contains("'status' must be one of", "'pause'");

            String noStream = manager.packet(null, "ok", 0L, null, Map.of("stream", 42));
            assertRefusal(manager.next(WAIT), noStream, null, 5005);
        }
    }

    @Test
    void outOfOrderOversizedAndAfterErrorPacketsGetClearErrors() throws Exception {
        try (AgentFixture agent = new AgentFixture(broker.url()).start().awaitConnected(WAIT);
             Manager manager = new Manager(broker.url(), agent.hostId, null)) {
            String a = open(manager, "Probe.sink", "{\"key\":\"order\"}");
            manager.packet(a, "continue", 0L, new byte[10], Map.of());
            manager.packet(a, "continue", 2L, new byte[10], Map.of());
            Message outOfOrder = manager.next(WAIT);
            assertPacket(outOfOrder, a, "error", 0);
            assertThat(outOfOrder.getIntProperty("code")).isEqualTo(5008);
            assertThat(outOfOrder.getStringProperty("message")).contains("seq 2 out of order, expected 1");

            String b = open(manager, "Probe.sink", "{\"key\":\"large\"}");
            manager.packet(b, "continue", 0L, new byte[1 << 20], Map.of());
            Message tooLarge = manager.next(WAIT);
            assertPacket(tooLarge, b, "error", 0);
            assertThat(tooLarge.getIntProperty("code")).isEqualTo(5004);
            assertThat(tooLarge.getStringProperty("message")).contains("1048576 bytes", "262144");

            String c = open(manager, "Probe.sink", "{\"key\":\"abort\"}");
            manager.packet(c, "error", 0L, null, Map.of("code", 100, "message", "changed my mind"));
            assertThat(agent.probe.sinkOf("abort").ended.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(agent.probe.sinkOf("abort").outcome).startsWith("aborted");
            String after = manager.packet(c, "ok", 1L, null, Map.of());
            assertRefusal(manager.next(WAIT), after, c, 5007);
            assertThat(manager.call("Probe.echo", "[\"still serving\"]").get("result").asText())
                    .isEqualTo("still serving");
        }
    }

    @Test
    void aSlowStreamDoesNotHoldUpCalls() throws Exception {
        try (AgentFixture agent = new AgentFixture(broker.url()).start().awaitConnected(WAIT);
             Manager manager = new Manager(broker.url(), agent.hostId, null)) {
            ProbeService.Sink sink = agent.probe.sinkOf("slow");
            sink.tap = new CountDownLatch(1); // the handler takes nothing: the stream's buffer fills, then its consumer
            String stream = open(manager, "Probe.sink", "{\"key\":\"slow\"}");
            byte[] data = new byte[PACKET];
            for (long seq = 0; seq < 80; seq++) { // 20 MiB: more than the stream's buffer and the prefetch
                manager.packet(stream, "continue", seq, data, Map.of());
            }
            long t0 = System.nanoTime();
            assertThat(manager.call("Probe.echo", "[\"ping\"]").get("result").asText()).isEqualTo("ping");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
            sink.tap.countDown();
            manager.packet(stream, "ok", 80L, null, Map.of());
            Message ok = next(manager, stream);
            assertPacket(ok, stream, "ok", 0);
            assertThat(sink.data.size()).isEqualTo(80 * PACKET);
        }
    }

    @Test
    void aClientThatStopsReadingLosesItsStreamWithinTheTimeoutAndHoldsLittle() throws Exception {
        try (TestBroker blocking = new TestBroker(null).blockingBeyond(MIB).start();
             // room for every call below: none may be refused for capacity (1100)
             AgentFixture agent = new AgentFixture(blocking.url(), AgentFixture.settings(blocking.url(), 4, 40,
                     Duration.ofSeconds(2)), 1000, StreamLimits.DEFAULTS).start().awaitConnected(WAIT);
             // no prefetch: the client takes a message only when it asks for one
             Manager reader = new Manager(blocking.url() + "?jms.prefetchPolicy.all=0", agent.hostId, null);
             Manager other = new Manager(blocking.url(), agent.hostId, null)) {
            String stream = open(reader, "Probe.source", "{\"bytes\":" + 256 * MIB + ",\"hole\":0}");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (agent.agent.streams() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20); // polls the agent's state, with a deadline
            }
            assertThat(agent.agent.streams()).as("the stream is over").isZero();
            long held = blocking.bytesOn(reader.replyAddress());
            // the address's limit, plus at most the credit the agent's link held when the address filled (one batch:
            // amqpCredits, 16 packets) and the packet that filled it, with a margin of three
            assertThat(held).as("what waits for the client that does not read")
                    .isBetween((long) MIB - PACKET, (long) MIB + 20L * PACKET);
            // replies to the full address go in up to its hard limit, and no reply of anyone else's waits for it
            for (int i = 0; i < 2 * Outbox.LINK_REPLIES; i++) {
                reader.send("{\"jsonrpc\":\"2.0\",\"method\":\"Probe.echo\",\"params\":[\"lost\"],\"id\":" + i + "}");
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < 2 * Outbox.LINK_REPLIES; i++) {
                JsonNode reply = other.call("Probe.echo", "[\"ping\"]");
                assertThat(reply.at("/result").asText()).as(reply.toString()).isEqualTo("ping");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("no reply waits for the full address")
                    .isLessThan(Duration.ofSeconds(4));

            long seq = 0;
            int replies = 0;
            Message m;
            while (true) {
                m = reader.next(WAIT);
                if (m instanceof TextMessage) {
                    replies++; // a reply to the calls above
                } else if ("continue".equals(m.getStringProperty("status"))) {
                    assertPacket(m, stream, "continue", seq++);
                } else {
                    break;
                }
            }
            assertPacket(m, stream, "error", seq);
            assertThat(m.getIntProperty("code")).isEqualTo(5010);
            assertThat(m.getStringProperty("message")).contains("found no room on the reply address for 2 s");
            while (replies < 2 * Outbox.LINK_REPLIES) {
                assertThat(reader.next(WAIT)).isInstanceOf(TextMessage.class);
                replies++;
            }
        }
    }

    /**
     * A reply address the stream's link overfills past its hard limit (here 2 MiB, reached by one link's batch of
     * credit; on the embedded broker only by more than 8 streams on one address): the broker refuses packets, and
     * the stream ends with ERROR 1100 naming the reply address, which reaches the client once it reads the address
     * down — the client is not taken for gone, and does not wait for a stream that ended without a word.
     */
    @Test
    void aStreamWhoseReplyAddressOverflowsEndsWith1100ThatReachesTheClient() throws Exception {
        try (TestBroker overflowing = new TestBroker(null).blockingBeyond(MIB).rejectingBeyond(2L * MIB).start();
             AgentFixture agent = new AgentFixture(overflowing.url(), AgentFixture.settings(overflowing.url(), 4, 40,
                     Duration.ofSeconds(20)), 1000, StreamLimits.DEFAULTS).start().awaitConnected(WAIT);
             // no prefetch: the client takes a message only when it asks for one
             Manager reader = new Manager(overflowing.url() + "?jms.prefetchPolicy.all=0", agent.hostId, null)) {
            String stream = open(reader, "Probe.source", "{\"bytes\":" + 64 * MIB + ",\"hole\":0}");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!overflowing.rejecting(reader.replyAddress()) && System.nanoTime() < deadline) {
                Thread.sleep(20); // polls the broker's state, with a deadline
            }
            assertThat(overflowing.rejecting(reader.replyAddress())).as("the reply address overflowed").isTrue();
            // the packets the address took, in order (a refused one may leave a gap: docs/amqp.md), then the ERROR
            long seq = -1;
            Message m;
            while (true) {
                m = next(reader, stream);
                if (!"continue".equals(m.getStringProperty("status"))) {
                    break;
                }
                assertThat(m.getLongProperty("seq")).isGreaterThan(seq);
                seq = m.getLongProperty("seq");
            }
            assertThat(seq).as("some packets got in before the address overflowed").isGreaterThanOrEqualTo(0);
            assertThat(m.getStringProperty("status")).isEqualTo("error");
            assertThat(m.getLongProperty("seq")).isGreaterThan(seq);
            assertThat(m.getIntProperty("code")).isEqualTo(1100);
            assertThat(m.getStringProperty("message")).contains("reply address");
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (agent.agent.streams() > 0 && System.nanoTime() < end) {
                Thread.sleep(20); // polls the agent's state, with a deadline
            }
            assertThat(agent.agent.streams()).as("the stream is over").isZero();
        }
    }

    @Test
    void aStreamWhoseIdNobodyLearnsEndsAtOnce() throws Exception {
        try (AgentFixture agent = new AgentFixture(broker.url()).start().awaitConnected(WAIT);
             Manager manager = new Manager(broker.url(), agent.hostId, null)) {
            manager.send("{\"jsonrpc\":\"2.0\",\"method\":\"Probe.sink\",\"params\":{\"key\":\"note\"}}");
            manager.sendWithoutReplyTo("{\"jsonrpc\":\"2.0\",\"method\":\"Probe.sink\","
                    + "\"params\":{\"key\":\"nowhere\"},\"id\":1}");
            for (String key : new String[] {"note", "nowhere"}) {
                ProbeService.Sink sink = agent.probe.sinkOf(key);
                assertThat(sink.ended.await(10, TimeUnit.SECONDS)).as(key).isTrue();
                assertThat(sink.outcome).as(key).startsWith("aborted");
            }
            assertThat(manager.pollReply(Duration.ofMillis(300))).as("a notification is not answered").isNull();
        }
    }

    @Test
    void stoppingTheAgentEndsItsStreamsWithAnError() throws Exception {
        AgentFixture agent = new AgentFixture(broker.url()).start().awaitConnected(WAIT);
        try (Manager manager = new Manager(broker.url(), agent.hostId, null)) {
            String stream = open(manager, "Probe.sink", "{\"key\":\"stop\"}");
            manager.packet(stream, "continue", 0L, new byte[10], Map.of());
            agent.close();
            Message error = manager.next(WAIT);
            assertPacket(error, stream, "error", 0);
            assertThat(error.getIntProperty("code")).isEqualTo(40);
            assertThat(error.getStringProperty("message")).isEqualTo("the agent is stopping");
        } finally {
            agent.close();
        }
    }

    /** Opens a stream: calls the verb, checks its reply, returns the streamId. */
    static String open(Manager manager, String verb, String params) throws JMSException, IOException {
        JsonNode reply = manager.call(verb, params);
        assertThat(reply.has("result")).as(reply.toString()).isTrue();
        String id = reply.at("/result/streamId").asText();
        assertThat(id).isNotEmpty();
        return id;
    }

    /** The next packet of {@code stream}, skipping replies. */
    static Message next(Manager manager, String stream) throws JMSException {
        while (true) {
            Message m = manager.next(WAIT);
            if (!(m instanceof TextMessage) && stream.equals(m.getStringProperty("stream"))) {
                return m;
            }
        }
    }

    static void assertPacket(Message m, String stream, String status, long seq) throws JMSException {
        Map<String, Object> seen = properties(m);
        assertThat(m).as(seen.toString()).isInstanceOf(BytesMessage.class);
        assertThat(m.getStringProperty("stream")).as(seen.toString()).isEqualTo(stream);
        assertThat(m.getStringProperty("status")).as(seen.toString()).isEqualTo(status);
        assertThat(m.getLongProperty("seq")).as(seen.toString()).isEqualTo(seq);
    }

    static void assertRefusal(Message m, String packetId, String stream, int code) throws JMSException {
        Map<String, Object> seen = properties(m);
        assertThat(m.getJMSCorrelationID()).as(seen.toString()).isEqualTo(packetId);
        assertThat(m.getStringProperty("status")).as(seen.toString()).isEqualTo("error");
        assertThat(m.getStringProperty("stream")).as(seen.toString()).isEqualTo(stream);
        assertThat(m.propertyExists("seq")).as("outside every stream's sequence: " + seen).isFalse();
        assertThat(m.getIntProperty("code")).as(seen.toString()).isEqualTo(code);
    }

    static byte[] body(Message m) throws JMSException {
        BytesMessage b = (BytesMessage) m;
        byte[] bytes = new byte[(int) b.getBodyLength()];
        b.readBytes(bytes);
        return bytes;
    }

    private static Map<String, Object> properties(Message m) throws JMSException {
        Map<String, Object> all = new HashMap<>();
        for (Object name : java.util.Collections.list(m.getPropertyNames())) {
            all.put((String) name, m.getObjectProperty((String) name));
        }
        return all;
    }

}
