package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** curl is how operators use the REST binding: the same calls, made by curl itself. */
class CurlTest {
    @RegisterExtension
    static final AgentExtension agent = new AgentExtension();

    private static Shell.Result curl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("curl", "-sS"));
        command.addAll(List.of(args));
        return Shell.run(command, 30);
    }

    /** A kept-alive connection serves until its client closes it or it idles: 1,000 requests, one connection. */
    @Test
    void oneConnectionServesAThousandRequests() throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("-w", "%{num_connects} "));
        for (int i = 0; i < 1000; i++) {
            args.addAll(List.of("-o", "/dev/null", agent.uri("/api/v1/health").toString()));
        }
        Shell.Result r = curl(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        // curl counts the connections each transfer opened: the first opens one, the other 999 reuse it
        assertThat(java.util.Arrays.stream(r.out().trim().split(" ")).mapToInt(Integer::parseInt).sum()).isEqualTo(1);
    }

    @Test
    void getCapabilities() throws Exception {
        Shell.Result r = curl("--fail-with-body", agent.uri("/api/v1/host/capabilities").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Http.JSON.readTree(r.out()).get("hostId").asText()).matches("[0-9a-f-]{36}");
    }

    @Test
    void callAVerbWithJsonParams() throws Exception {
        Shell.Result r = curl("--fail-with-body", "-H", "Content-Type: application/json", "-d", "{\"limit\": 3}",
                agent.uri("/api/v1/rpc/Host.getEvents").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode page = Http.JSON.readTree(r.out());
        assertThat(page.get("events").size()).isLessThanOrEqualTo(3);
    }

    @Test
    void errorsComeBackAsProblemJsonAndCurlFails() throws Exception {
        Shell.Result r = curl("--fail-with-body", "-d", "{\"limit\": \"x\"}", "-H", "Content-Type: application/json",
                agent.uri("/api/v1/rpc/Host.getEvents").toString());
        assertThat(r.exit()).isEqualTo(22); // curl's exit code for an HTTP error with --fail-with-body
        assertThat(Http.JSON.readTree(r.out()).get("code").asInt()).isEqualTo(5002);
    }

    /** curl --http2 and the JDK's HttpClient ask to upgrade to h2c; a POST must still be answered. */
    @Test
    void postWithAnUpgradeRequestIsAnsweredOverHttp11() throws Exception {
        Shell.Result r = curl("--http2", "--max-time", "10", "--json", "{}", agent.uri("/api/v1/rpc/Host.ping2").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("true");
    }

    @Test
    void followEventsWithSse() throws Exception {
        Shell.Result r = curl("-N", "--max-time", "2", agent.uri("/api/v1/events?topics=host.stats").toString());
        assertThat(r.exit()).as("curl stops at --max-time: exit 28").isEqualTo(28);
        assertThat(r.out()).contains("event: host.stats").containsPattern("(?m)^id: ?\\d+$").contains("\"cpuIdle\"");
    }
}
