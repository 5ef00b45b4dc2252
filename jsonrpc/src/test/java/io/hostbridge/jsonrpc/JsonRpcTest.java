package io.hostbridge.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.bridge.SampleBridge;
import io.hostbridge.bridge.Transport;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON-RPC 2.0 as a client sees it: request in, response out, for good and bad requests alike. */
class JsonRpcTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonRpc rpc = new JsonRpc(SampleBridge.create());

    /** Sends a request written as JSON text and returns the response as JSON text, or null. */
    private String call(String request) throws Exception {
        Object response = rpc.handle(JSON.readValue(request, Object.class), Transport.of("test", "", null));
        return response == null ? null : JSON.writeValueAsString(response);
    }

    @Test
    void namedAndPositionalParamsGiveTheSameResult() throws Exception {
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"Sample.add\",\"params\":{\"a\":1,\"b\":2},\"id\":1}"))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}");
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"Sample.add\",\"params\":[1,2],\"id\":\"x\"}"))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":\"x\"}");
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"Sample.add\",\"params\":[1],\"id\":2}"))
                .as("an optional positional param left out takes its default")
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":6,\"id\":2}");
    }

    @Test
    void verbWithoutResultAnswersTrueAndParamsMayBeLeftOut() throws Exception {
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"Sample.nothing\",\"id\":null}"))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":true,\"id\":null}");
    }

    @Test
    void notificationsGetNoResponseEvenWhenTheyFail() throws Exception {
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"Sample.add\",\"params\":[1]}")).isNull();
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"No.such\"}")).isNull();
        assertThat(call("[{\"jsonrpc\":\"2.0\",\"method\":\"Sample.nothing\"}]")).as("a batch of notifications").isNull();
    }

    @Test
    void batchAnswersEachRequestInOrderAndSkipsNotifications() throws Exception {
        assertThat(call("[{\"jsonrpc\":\"2.0\",\"method\":\"Sample.add\",\"params\":[1,1],\"id\":1},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"Sample.nothing\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"No.such\",\"id\":3}, 7]"))
                .isEqualTo("[{\"jsonrpc\":\"2.0\",\"result\":2,\"id\":1},"
                        + "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32601,\"message\":\"Method not found: No.such\","
                        + "\"data\":{\"code\":5001,\"name\":\"unknownVerb\"}},\"id\":3},"
                        + "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,"
                        + "\"message\":\"Invalid request: expected an object, got a number\"},\"id\":null}]");
    }

    @Test
    void invalidRequestsAreRefusedWithTheReason() throws Exception {
        assertThat(call("[]")).contains("-32600", "empty batch");
        assertThat(call("\"hello\"")).contains("-32600", "expected an object, got a string");
        assertThat(call("{\"jsonrpc\":\"1.0\",\"method\":\"Sample.nothing\",\"id\":1}"))
                .contains("-32600", "'jsonrpc' must be \\\"2.0\\\"", "\"id\":1");
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":5,\"id\":1}")).contains("-32600", "'method' must be");
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"Sample.nothing\",\"params\":3,\"id\":1}"))
                .contains("-32600", "'params' must be an object or an array");
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"Sample.nothing\",\"id\":1.5}"))
                .contains("-32600", "'id' must be a string, an integer or null", "\"id\":null");
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"Sample.nothing\",\"id\":1,\"extra\":true}"))
                .contains("-32600", "unknown member 'extra'");
    }

    @Test
    void invalidParamsAreMinus32602NamingTheParam() throws Exception {
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"Sample.add\",\"params\":{},\"id\":1}"))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32602,\"message\":\"Missing required parameter"
                        + " 'a' for Sample.add\",\"data\":{\"code\":11,\"name\":\"MissParam\",\"parameter\":\"a\"}},\"id\":1}");
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"Sample.add\",\"params\":{\"a\":\"one\"},\"id\":1}"))
                .contains("-32602", "Invalid parameter 'a'", "\"code\":5002", "\"parameter\":\"a\"");
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"Sample.add\",\"params\":[1,2,3],\"id\":1}"))
                .contains("-32602", "takes at most 2 parameters");
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"Sample.add\",\"params\":{\"a\":1,\"c\":1},\"id\":1}"))
                .contains("-32602", "Unknown parameter 'c'", "\"parameter\":\"c\"");
    }

    @Test
    void applicationErrorsCarryTheBridgeCodeAndInternalsStayInTheLog() throws Exception {
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"Sample.fail\",\"params\":[\"expected\"],\"id\":1}"))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":4,\"message\":\"it exists\","
                        + "\"data\":{\"code\":4,\"name\":\"exist\"}},\"id\":1}");
        String internal = call("{\"jsonrpc\":\"2.0\",\"method\":\"Sample.fail\",\"params\":[\"internal\"],\"id\":1}");
        assertThat(internal).contains("\"code\":100", "errorId").doesNotContain("secret", "/var/lib", "IllegalState");
    }

    @Test
    void refusalsAndParseErrorsAreWellFormedResponses() {
        Map<String, Object> parse = JsonRpc.parseError("Unexpected end-of-input");
        assertThat(parse).containsEntry("id", null)
                .containsEntry("error", Map.of("code", -32700, "message", "Parse error: Unexpected end-of-input"));
        Map<String, Object> busy = JsonRpc.refusal(7, BridgeException.of(ErrorCode.RESOURCE_EXHAUSTED, "busy"));
        assertThat(busy).containsEntry("id", 7).containsEntry("error", Map.of("code", 1100, "message", "busy",
                "data", Map.of("code", 1100, "name", "resourceExhausted")));
    }
}
