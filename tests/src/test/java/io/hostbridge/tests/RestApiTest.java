package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The REST binding as a client sees it: real agent, real HTTP, every error as problem+json with a code. */
class RestApiTest {
    @RegisterExtension
    static final AgentExtension agent = new AgentExtension();

    /** Whatever a test sent, the agent still answers. */
    @AfterEach
    void stillServing() throws Exception {
        assertThat(Http.post(agent.uri("/api/v1/rpc/Host.ping2"), "{}").body()).isEqualTo("true");
    }

    private static void assertProblem(Http.Reply reply, int status, int code, String... inDetail) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("code").asInt()).isEqualTo(code);
        for (String text : inDetail) {
            assertThat(problem.get("detail").asText()).contains(text);
        }
    }

    @Test
    void capabilitiesDescribeThisHost() throws Exception {
        Http.Reply reply = Http.get(agent.uri("/api/v1/host/capabilities"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        JsonNode caps = reply.json();
        assertThat(caps.get("cpuThreads").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(caps.get("hostId").asText()).matches("[0-9a-f-]{36}").isEqualTo(caps.get("uuid").asText());
        assertThat(caps.get("hostId").asText()).isEqualTo(Files.readString(agent.stateDir().resolve("host-id")).strip());
        assertThat(caps.get("kernel").asText()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip());
        assertThat(caps.get("supportedProtocols")).extracting(JsonNode::asText).contains("rest");
        assertThat(caps.get("nics").has("lo")).isTrue();
    }

    @Test
    void statsAreCurrent() throws Exception {
        JsonNode stats = Http.get(agent.uri("/api/v1/host/stats")).json();
        double sum = stats.get("cpuUser").asDouble() + stats.get("cpuSys").asDouble() + stats.get("cpuIdle").asDouble();
        assertThat(sum).isBetween(99.0, 101.0);
        assertThat(stats.get("memUsed").asLong())
                .isEqualTo(stats.get("memTotal").asLong() - stats.get("memAvailable").asLong());
        assertThat(stats.get("dateTime").asText()).endsWith("Z");
    }

    @Test
    void everyVerbIsCallableGenerically() throws Exception {
        assertThat(Http.post(agent.uri("/api/v1/rpc/Host.getCapabilities"), "").json().has("cpuModel")).isTrue();
        assertThat(Http.post(agent.uri("/api/v1/rpc/Host.getHardwareInfo"), "{}").status()).isEqualTo(200);
        JsonNode page = Http.post(agent.uri("/api/v1/rpc/Host.getEvents"), "{\"limit\": 5}").json();
        assertThat(page.get("lastSeq").isNumber()).isTrue();
    }

    @Test
    void schemaIsServedAndIsTheCommittedOne() throws Exception {
        JsonNode served = Http.get(agent.uri("/api/v1/schema")).json();
        JsonNode committed = Http.JSON.readTree(Path.of(System.getProperty("hostbridge.repo"), "docs/schema/hostbridge-api.json").toFile());
        assertThat(served).isEqualTo(committed);
    }

    @Test
    void healthIsUp() throws Exception {
        Http.Reply reply = Http.get(agent.uri("/api/v1/health"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("healthy").asBoolean()).isTrue();
    }

    @Test
    void unknownVerbIs404WithCode() throws Exception {
        assertProblem(Http.post(agent.uri("/api/v1/rpc/Host.nope"), "{}"), 404, 5001, "Host.nope");
        assertProblem(Http.get(agent.uri("/api/v1/nothing/here")), 404, 5001);
    }

    @Test
    void malformedJsonIs400() throws Exception {
        assertProblem(Http.post(agent.uri("/api/v1/rpc/Host.getEvents"), "{\"limit\": "), 400, 5005, "Malformed JSON");
        assertProblem(Http.post(agent.uri("/api/v1/rpc/Host.getEvents"), "{\"limit\": 1} x"), 400, 5005);
        assertProblem(Http.post(agent.uri("/api/v1/rpc/Host.getEvents"), "{\"limit\": 1, \"limit\": 2}"), 400, 5005,
                "Duplicate");
        assertProblem(Http.post(agent.uri("/api/v1/rpc/Host.getEvents"), "[1]"), 400, 5005, "JSON object");
    }

    @Test
    void badParametersAreNamed() throws Exception {
        Http.Reply wrongType = Http.post(agent.uri("/api/v1/rpc/Host.getEvents"), "{\"limit\": \"5\"}");
        assertProblem(wrongType, 400, 5002, "'limit'", "expected int, got string");
        assertThat(wrongType.json().get("parameter").asText()).isEqualTo("limit");
        assertProblem(Http.post(agent.uri("/api/v1/rpc/Host.getEvents"), "{\"limit\": 0}"), 400, 5002, "minimum 1");
        assertProblem(Http.post(agent.uri("/api/v1/rpc/Host.getEvents"), "{\"limmit\": 5}"), 400, 5002,
                "Unknown parameter 'limmit'", "accepted: afterSeq, topics, limit");
        assertProblem(Http.post(agent.uri("/api/v1/rpc/Host.getEvents"), "{\"topics\": \"vm*\"}"), 400, 5002, "topics");
        assertProblem(Http.post(agent.uri("/api/v1/rpc/Host.ping2"), "{\"x\": 1}"), 400, 5002, "takes no parameters");
    }

    @Test
    void oversizedBodiesAre413() throws Exception {
        String big = "{\"topics\": \"" + "a".repeat(2 * 1024 * 1024) + "\"}";
        assertProblem(Http.post(agent.uri("/api/v1/rpc/Host.getEvents"), big), 413, 5004, "limit");
        // a chunked body declares no length: it is cut off while being read
        byte[] bytes = big.getBytes();
        HttpRequest chunked = HttpRequest.newBuilder(agent.uri("/api/v1/rpc/Host.getEvents"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> (InputStream) new ByteArrayInputStream(bytes))).build();
        assertProblem(Http.send(chunked), 413, 5004, "limit");
    }

    @Test
    void wrongMethodIs405() throws Exception {
        Http.Reply reply = Http.get(agent.uri("/api/v1/rpc/Host.ping2"));
        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.json().get("code").asInt()).isEqualTo(5005);
        for (String path : new String[] {"/api/v1/rpc/Host.ping2", "/api/v1/jsonrpc"}) {
            HttpResponse<String> put = Http.CLIENT.send(HttpRequest.newBuilder(agent.uri(path))
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).isEqualTo(405);
            assertThat(put.headers().firstValue("Allow")).hasValue("POST,OPTIONS");
            assertThat(Http.JSON.readTree(put.body()).get("code").asInt()).isEqualTo(5005);
            HttpResponse<String> options = Http.CLIENT.send(HttpRequest.newBuilder(agent.uri(path))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(options.statusCode()).isEqualTo(200);
            assertThat(options.headers().firstValue("Allow")).hasValue("POST,OPTIONS");
        }
    }

    /** The calls answer JSON: a caller that accepts none gets 406, one that does (in any form) the answer. */
    @Test
    void callsAnswerOnlyWhatTheCallerAccepts() throws Exception {
        String ping = "{\"jsonrpc\": \"2.0\", \"method\": \"Host.ping2\", \"id\": 7}";
        for (String accept : new String[] {"text/html", "application/json;q=0, */*", "text/*, application/xml"}) {
            assertProblem(post("/api/v1/rpc/Host.ping2", accept, "{}"), 406, 5005, "application/json");
            assertProblem(post("/api/v1/jsonrpc", accept, ping), 406, 5005, "application/json");
        }
        for (String accept : new String[] {"*/*", "application/*", "text/html, application/json; charset=utf-8; q=0.5",
                "application/json;q=1, */*;q=0"}) {
            Http.Reply reply = post("/api/v1/rpc/Host.ping2", accept, "{}");
            assertThat(reply.status()).as(accept).isEqualTo(200);
            assertThat(reply.contentType()).isEqualTo("application/json");
            assertThat(reply.body()).isEqualTo("true");
            assertThat(post("/api/v1/jsonrpc", accept, ping).json().get("result").asBoolean()).isTrue();
        }
    }

    private static Http.Reply post(String path, String accept, String body) throws Exception {
        return Http.send(HttpRequest.newBuilder(agent.uri(path)).header("Content-Type", "application/json")
                .header("Accept", accept).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }
}
