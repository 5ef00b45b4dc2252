package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * JSON-RPC over HTTP, called with curl (a client we did not write): good calls, and bad input that must
 * get a clear JSON-RPC error while the agent goes on serving.
 */
class JsonRpcHttpTest {
    private static final long MAX_BODY = 64 * 1024;

    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(Map.of("http.maxRequestBytes", Long.toString(MAX_BODY)));

    private static Shell.Result curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-H", "Content-Type: application/json"));
        command.addAll(List.of(args));
        command.add(agent.uri("/api/v1/jsonrpc").toString());
        return Shell.run(command, 30);
    }

    private static JsonNode call(String body) throws Exception {
        Shell.Result r = curl("-d", body);
        assertThat(r.exit()).as(r.err()).isZero();
        return Http.JSON.readTree(r.out());
    }

    /** After every bad request, the agent still answers a good one. */
    @AfterEach
    void stillServing() throws Exception {
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"Host.ping2\",\"id\":0}").path("result").asBoolean()).isTrue();
    }

    @Test
    void capabilitiesOverJsonRpc() throws Exception {
        JsonNode response = call("{\"jsonrpc\":\"2.0\",\"method\":\"Host.getCapabilities\",\"id\":\"caps\"}");
        assertThat(response.path("id").asText()).isEqualTo("caps");
        assertThat(response.path("result").path("hostId").asText()).matches("[0-9a-f-]{36}");
        assertThat(response.has("error")).isFalse();
    }

    @Test
    void malformedJsonIsAParseError() throws Exception {
        for (String body : List.of("{\"jsonrpc\":\"2.0\",", "not json", "{\"a\":1}{\"b\":2}", "{\"a\":1,\"a\":2}")) {
            JsonNode response = call(body);
            assertThat(response.path("error").path("code").asInt()).as(body).isEqualTo(-32700);
            assertThat(response.path("error").path("message").asText()).as(body).startsWith("Parse error: ");
            assertThat(response.path("id").isNull()).isTrue();
        }
    }

    @Test
    void emptyBodyIsAParseError() throws Exception {
        JsonNode response = call("");
        assertThat(response.path("error").path("code").asInt()).isEqualTo(-32700);
    }

    @Test
    void wrongTypesNameTheParameter() throws Exception {
        JsonNode response = call("{\"jsonrpc\":\"2.0\",\"method\":\"Host.getEvents\",\"params\":{\"afterSeq\":[1]},\"id\":1}");
        assertThat(response.path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(response.path("error").path("data").path("parameter").asText()).isEqualTo("afterSeq");
        assertThat(response.path("error").path("message").asText()).contains("'afterSeq'", "expected long, got list");
    }

    @Test
    void unknownMethodIsMinus32601() throws Exception {
        JsonNode response = call("{\"jsonrpc\":\"2.0\",\"method\":\"Host.reboot\",\"id\":1}");
        assertThat(response.path("error").path("code").asInt()).isEqualTo(-32601);
        assertThat(response.path("error").path("data").path("code").asInt()).isEqualTo(5001);
    }

    @Test
    void hugeBodyIsRefusedWith413AndCode5004() throws Exception {
        Path big = Files.createTempFile("jsonrpc", ".json");
        try {
            String padding = "x".repeat((int) MAX_BODY);
            Files.writeString(big, "{\"jsonrpc\":\"2.0\",\"method\":\"Host.ping2\",\"id\":\"" + padding + "\"}");
            Shell.Result r = curl("-w", "\n%{http_code}", "--data-binary", "@" + big);
            assertThat(r.out()).endsWith("\n413");
            // chunked, no Content-Length: the cap still holds while reading
            Shell.Result chunked = curl("-w", "\n%{http_code}", "-H", "Transfer-Encoding: chunked",
                    "--data-binary", "@" + big);
            assertThat(chunked.out()).endsWith("\n413");
            assertThat(chunked.out()).contains("\"code\":5004");
        } finally {
            Files.delete(big);
        }
    }

    @Test
    void deeplyNestedParamsAreRefusedNotFatal() throws Exception {
        String nested = "[".repeat(5000) + "]".repeat(5000);
        JsonNode response = call("{\"jsonrpc\":\"2.0\",\"method\":\"Host.ping2\",\"params\":" + nested + ",\"id\":1}");
        assertThat(response.path("error").path("code").asInt()).isIn(-32700, -32602);
    }

    @Test
    void batchOverJavaHttpClientWithoutCurl() throws Exception {
        InputStream body = new ByteArrayInputStream(("[{\"jsonrpc\":\"2.0\",\"method\":\"Host.ping2\",\"id\":1},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"Host.ping\",\"id\":2}]").getBytes(StandardCharsets.UTF_8));
        Http.Reply reply = Http.send(HttpRequest.newBuilder(agent.uri("/api/v1/jsonrpc"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build());
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("[{\"jsonrpc\":\"2.0\",\"result\":true,\"id\":1},"
                + "{\"jsonrpc\":\"2.0\",\"result\":true,\"id\":2}]");
    }
}
