package io.hostbridge.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON-RPC 2.0 requests and responses, as the client and the agent exchange them over AMQP and STOMP. */
final class JsonRpc {
    private JsonRpc() {
    }

    /** A JSON-RPC 2.0 request of a verb with named parameters, answered under {@code id}. */
    static ObjectNode request(String verb, String id, ObjectNode params) {
        ObjectNode request = Codec.JSON.createObjectNode().put("jsonrpc", "2.0")
                .put("method", verb).put("id", id);
        request.set("params", params);
        return request;
    }

    /**
     * A response's result, or its error as the exception it stands for: the API's code is {@code error.data.code}
     * (the protocol's own {@code error.code} is only used when there is none).
     */
    static JsonNode result(String verb, JsonNode response) {
        JsonNode error = response.get("error");
        if (error == null) {
            return response.get("result");
        }
        JsonNode data = error.path("data");
        int code = data.has("code") ? data.get("code").asInt() : error.path("code").asInt();
        throw new HostbridgeException(code, data.hasNonNull("parameter") ? data.get("parameter").asText() : null,
                error.path("message").asText(verb + " failed"), data.hasNonNull("errorId")
                ? data.get("errorId").asText() : null, null);
    }
}
