package io.hostbridge.binding.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent and an unreliable broker: late, gone, back again. */
class AmqpResilienceTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void startsWithoutTheBrokerAndConnectsWhenItComes() throws Exception {
        try (TestBroker broker = new TestBroker(null)) {
            AgentFixture agent = new AgentFixture(broker.url());
            long t0 = System.nanoTime();
            agent.start();
            assertThat(millisSince(t0)).as("start does not wait for the broker").isLessThan(1000);
            try (agent) {
                assertThat(agent.health.check().healthy()).isFalse();
                assertThat(agent.health.check().message()).isEqualTo("not connected yet");
                broker.start();
                agent.awaitConnected(WAIT);
                try (Manager manager = new Manager(broker.url(), agent.hostId, null)) {
                    assertThat(manager.call("Probe.echo", "[\"late\"]").get("result").asText()).isEqualTo("late");
                }
            }
        }
    }

    /** The embedded broker's default: in memory, so the request queue is gone after a restart. */
    @Test
    void servesAgainAfterAnInMemoryBrokerRestarts() throws Exception {
        try (TestBroker broker = new TestBroker(null).start();
             AgentFixture agent = new AgentFixture(broker.url()).start().awaitConnected(WAIT)) {
            broker.stop();
            broker.start();
            agent.awaitConnected(WAIT);
            try (Manager manager = new Manager(broker.url(), agent.hostId, null)) {
                assertThat(manager.call("Probe.echo", "[\"again\"]").get("result").asText()).isEqualTo("again");
            }
        }
    }

    @Test
    void stopIsPromptWhenTheBrokerIsGone() throws Exception {
        try (TestBroker broker = new TestBroker(null).start()) {
            AgentFixture connected = new AgentFixture(broker.url()).start().awaitConnected(WAIT);
            AgentFixture neverConnected = new AgentFixture("amqp://127.0.0.1:" + TestBroker.freePort()).start();
            broker.stop();
            long t0 = System.nanoTime();
            connected.close();
            neverConnected.close();
            assertThat(millisSince(t0)).isLessThan(3000);
            assertThat(connected.health.check().healthy()).isFalse();
        }
    }

    /**
     * The at-most-once promise under the worst timing: the agent acknowledges a request, the
     * acknowledgement never reaches the broker (the proxy swallows it), the broker stops while the call
     * runs and redelivers the request from its journal after the restart. The verb runs once; the manager
     * gets its result and, for the redelivery, a duplicate notice; the agent goes on serving.
     */
    @Test
    void aCallInFlightWhenTheBrokerRestartsRunsExactlyOnce() throws Exception {
        try (TestBroker broker = new TestBroker(dir.resolve("journal")).start();
             TcpProxy proxy = new TcpProxy(broker.port());
             AgentFixture agent = new AgentFixture(proxy.url()).start().awaitConnected(WAIT);
             Manager manager = Manager.failover(broker.url(), agent.hostId, "replies." + agent.hostId)) {
            assertThat(manager.call("Probe.echo", "[\"ready\"]").get("result").asText()).isEqualTo("ready");

            proxy.swallowUpstream(true);
            String id = manager.send("{\"jsonrpc\":\"2.0\",\"method\":\"Probe.hold\",\"params\":{\"key\":\"x\"},\"id\":1}");
            agent.probe.awaitEntered(1, WAIT); // acknowledged (into the void) and running
            broker.stop();
            proxy.swallowUpstream(false);
            agent.probe.open("x"); // finishes while the broker is away; its reply waits for the reconnection
            broker.start();

            Map<String, JsonNode> replies = new HashMap<>();
            for (int i = 0; i < 2; i++) {
                TextMessage reply = manager.reply(WAIT);
                assertThat(reply.getJMSCorrelationID()).isEqualTo(id);
                JsonNode body = Manager.json(reply);
                replies.put(body.has("result") ? "result" : "error", body);
            }
            assertThat(replies.get("result").get("result").asLong()).isEqualTo(1);
            assertThat(replies.get("error").at("/error/code").asInt()).isEqualTo(5006);
            assertThat(replies.get("error").at("/error/message").asText()).contains("not run again");
            assertThat(replies.get("error").get("id").asInt()).isEqualTo(1);
            assertThat(agent.probe.calls("x")).as("the verb ran exactly once").isEqualTo(1);

            assertThat(manager.call("Probe.echo", "[\"after\"]").get("result").asText()).isEqualTo("after");
            // the redelivery may be refused more than once (each receiving session may have held a copy when
            // the connection failed over); every such extra answer is a refusal, never a second result
            for (TextMessage late : manager.stale) {
                assertThat(late.getJMSCorrelationID()).isEqualTo(id);
                assertThat(Manager.json(late).at("/error/code").asInt()).isEqualTo(5006);
            }
            assertThat(agent.probe.calls("x")).as("the verb still ran exactly once").isEqualTo(1);
            assertThat(agent.health.check().healthy()).isTrue();
        }
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
