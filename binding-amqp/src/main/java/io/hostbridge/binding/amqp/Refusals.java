package io.hostbridge.binding.amqp;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.jsonrpc.JsonRpc;
import jakarta.jms.BytesMessage;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;
import java.util.Map;

/** The JSON-RPC responses the agent gives itself, without running anything: requests it will not run. */
final class Refusals {
    private Refusals() {
    }

    static Map<String, Object> notText(Message message) {
        return JsonRpc.refusal(null, BridgeException.of(ErrorCode.MALFORMED_REQUEST,
                "Expected a text message holding a JSON-RPC request, got " + kind(message)));
    }

    static Map<String, Object> tooLarge(long size, int max) {
        return JsonRpc.refusal(null, BridgeException.of(ErrorCode.REQUEST_TOO_LARGE,
                "Request of " + size + " bytes is larger than the " + max + " allowed (amqp.maxMessageBytes)"));
    }

    static Map<String, Object> atCapacity(Object document, AmqpSettings settings) {
        return JsonRpc.refusal(JsonRpc.idOf(document), BridgeException.of(ErrorCode.RESOURCE_EXHAUSTED,
                "The agent is at capacity (" + settings.workers() + " requests running, " + settings.queueSize()
                        + " waiting); try again later"));
    }

    static Map<String, Object> duplicate(Object document, String messageId) {
        return JsonRpc.refusal(JsonRpc.idOf(document), BridgeException.of(ErrorCode.DUPLICATE_REQUEST, "Duplicate delivery of"
                + " message " + messageId + ": this request was received before and is not run again (at-most-once);"
                + " if its reply was lost, check the state before retrying"));
    }

    private static String kind(Message message) {
        if (message instanceof BytesMessage) {
            return "a bytes message (send the JSON as a string body, or with content-type application/json)";
        }
        if (message instanceof MapMessage) {
            return "a map message";
        }
        if (message instanceof ObjectMessage) {
            return "an object message";
        }
        return message instanceof StreamMessage ? "a stream message" : "a message without a body";
    }
}
