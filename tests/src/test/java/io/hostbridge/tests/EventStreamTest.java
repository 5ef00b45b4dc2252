package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Events over SSE: topic filter, ids that are sequence numbers, resume with Last-Event-ID, gaps. */
class EventStreamTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    // a small replay window so that an old resume point expires quickly
    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(Map.of("events.replayWindow", "5", "host.statsInterval", "100ms"));


    @Test
    void hostStatsArriveWithSequenceIds() throws Exception {
        try (SseClient sse = new SseClient(agent.uri("/api/v1/events?topics=host.*"), null)) {
            assertThat(sse.status).isEqualTo(200);
            SseClient.SseEvent first = sse.next(WAIT);
            SseClient.SseEvent second = sse.next(WAIT);
            assertThat(first.name()).isEqualTo("host.stats");
            JsonNode data = Http.JSON.readTree(first.data());
            assertThat(data.get("topic").asText()).isEqualTo("host.stats");
            assertThat(data.get("seq").asText()).isEqualTo(first.id());
            assertThat(data.get("payload").has("cpuIdle")).isTrue();
            assertThat(Long.parseLong(second.id())).isGreaterThan(Long.parseLong(first.id()));
        }
    }

    @Test
    void resumeWithLastEventIdContinuesWithoutLossOrRepeat() throws Exception {
        long seen;
        try (SseClient sse = new SseClient(agent.uri("/api/v1/events?topics=host.stats"), null)) {
            seen = Long.parseLong(sse.next(WAIT).id());
        }
        try (SseClient sse = new SseClient(agent.uri("/api/v1/events?topics=host.stats"), Long.toString(seen))) {
            SseClient.SseEvent next = sse.next(WAIT);
            // host.stats is the only topic here, so the next sequence number is the next event
            assertThat(next.name()).isEqualTo("host.stats");
            assertThat(Long.parseLong(next.id())).isEqualTo(seen + 1);
        }
    }

    @Test
    void resumeOlderThanTheWindowStartsWithAGap() throws Exception {
        long first;
        try (SseClient sse = new SseClient(agent.uri("/api/v1/events"), null)) {
            first = Long.parseLong(sse.next(WAIT).id());
            for (int i = 0; i < 7; i++) {
                sse.next(WAIT); // let more than the window (5) go by
            }
        }
        try (SseClient sse = new SseClient(agent.uri("/api/v1/events"), Long.toString(first))) {
            SseClient.SseEvent gap = sse.next(WAIT);
            assertThat(gap.name()).isEqualTo("gap");
            JsonNode data = Http.JSON.readTree(gap.data());
            assertThat(data.get("reason").asText()).isEqualTo("expired");
            assertThat(data.get("fromSeq").asLong()).isEqualTo(first + 1);
            SseClient.SseEvent after = sse.next(WAIT);
            assertThat(Long.parseLong(after.id())).isEqualTo(data.get("toSeq").asLong() + 1);
        }
    }

    @Test
    void badFiltersAndResumePointsAreRefusedBeforeStreaming() throws Exception {
        Http.Reply badTopic = Http.get(agent.uri("/api/v1/events?topics=vm*"));
        assertThat(badTopic.status()).isEqualTo(400);
        assertThat(badTopic.json().get("parameter").asText()).isEqualTo("topics");
        var request = java.net.http.HttpRequest.newBuilder(agent.uri("/api/v1/events"))
                .header("Last-Event-ID", "abc").build();
        Http.Reply badId = Http.send(request);
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.json().get("parameter").asText()).isEqualTo("Last-Event-ID");
    }
}
