package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hostbridge.api.AccessLevel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster manager written in Python with Qpid Proton (not JMS) against the real agent and its embedded
 * broker, over AMQPS with a client certificate of the agent's CA (SASL EXTERNAL): dynamic reply address, correlation by message id of every AMQP id type, a JSON body as a string or as
 * data with its content type, events by selector (no 'topic' capability needed on the embedded broker). The
 * script is {@code src/test/resources/amqp/manager.py}.
 */
class AmqpPythonTest {
    private static final String PORT = AmqpSupport.freePort();

    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(Map.of("amqp.enabled", "true", "broker.port", PORT));

    @TempDir
    static Path certs;

    @Test
    void aProtonManagerCallsTheAgentAndFollowsItsEvents() throws Exception {
        String hostId = AmqpSupport.hostId(agent);
        AmqpSupport.issue(agent, "manager", AccessLevel.READ, certs);
        Path script = Path.of(System.getProperty("hostbridge.repo"), "tests/src/test/resources/amqp/manager.py");
        Shell.Result r = Shell.run(List.of(AmqpSupport.python(), script.toString(), "amqps://localhost:" + PORT, hostId,
                certs.toString(), "manager"), 60);
        assertThat(r.exit()).as(r.err()).isZero();
        List<JsonNode> steps = new ArrayList<>();
        for (String line : r.out().strip().split("\n")) {
            steps.add(Http.JSON.readTree(line));
        }
        assertThat(steps).hasSize(5);
        for (int n = 0; n < 4; n++) {
            JsonNode call = steps.get(n);
            assertThat(call.get("correlated").asBoolean()).as("correlation id of a %s message id",
                    call.get("idType").asText()).isTrue();
            assertThat(call.at("/reply/id").asInt()).isEqualTo(n);
            assertThat(call.at("/reply/result/hostId").asText()).isEqualTo(hostId);
        }
        assertThat(steps.get(0).get("idType").asText()).isEqualTo("UUID");
        JsonNode event = steps.get(4);
        assertThat(event.at("/properties/topic").asText()).isEqualTo("host.stats");
        assertThat(event.at("/event/topic").asText()).isEqualTo("host.stats");
        assertThat(event.at("/event/seq").asLong()).isEqualTo(event.at("/properties/seq").asLong());
        assertThat(event.at("/event/payload/cpuIdle").isNumber()).isTrue();
    }
}
