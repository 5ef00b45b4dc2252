package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Past rest.maxEventStreams, a new SSE client is refused at once (503, code 1100), not left hanging. */
class EventStreamLimitTest {
    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(Map.of("rest.maxEventStreams", "1"));

    @Test
    void oneStreamTooManyIsRefusedAndTheSlotIsFreedWhenAClientLeaves() throws Exception {
        try (SseClient first = new SseClient(agent.uri("/api/v1/events"), null)) {
            assertThat(first.status).isEqualTo(200);
            Http.Reply refused = Http.get(agent.uri("/api/v1/events"));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().get("code").asInt()).isEqualTo(1100);
        }
        // the server notices the departed client on its next write (an event or a heartbeat)
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        int status;
        do {
            try (SseClient again = new SseClient(agent.uri("/api/v1/events"), null)) {
                status = again.status;
            }
            if (status != 200) {
                Thread.sleep(50); // poll interval, not synchronisation: the deadline bounds the wait
            }
        } while (status != 200 && Instant.now().isBefore(deadline));
        assertThat(status).isEqualTo(200);
    }
}
