package io.hostbridge.client;

import com.fasterxml.jackson.databind.JsonNode;

/** JSON-RPC 2.0 responses, as the agent sends them over AMQP and STOMP. */
final class JsonRpc {
    private JsonRpc() {
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
