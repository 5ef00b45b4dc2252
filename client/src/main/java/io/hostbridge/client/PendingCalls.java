package io.hostbridge.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** JSON-RPC calls sent on a connection and waiting for their response, matched by id (AMQP, STOMP). */
final class PendingCalls {
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    /** Sends a call; something that can fail in the sending. */
    interface Send {
        void send() throws Exception;
    }

    /** Sends the call with this id and waits for its response: its result, or its error as the exception. */
    JsonNode call(String verb, String id, Duration timeout, Send send) {
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            send.send();
            return JsonRpc.result(verb, answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw HostbridgeException.transport("Interrupted while calling " + verb, e);
        } catch (TimeoutException e) {
            throw HostbridgeException.transport("No answer to " + verb + " within " + timeout, e);
        } catch (ExecutionException e) {
            throw HostbridgeException.transport("The connection is lost: " + e.getCause().getMessage(), e);
        } catch (HostbridgeException e) {
            throw e;
        } catch (Exception e) {
            throw HostbridgeException.transport("Could not send " + verb + ": " + e.getMessage(), e);
        } finally {
            pending.remove(id);
        }
    }

    /** A response arrived: it completes the call with its id, if one waits. */
    void answer(JsonNode response) {
        CompletableFuture<JsonNode> call = pending.remove(response.path("id").asText());
        if (call != null) {
            call.complete(response);
        }
    }

    /** The connection is gone: every waiting call fails. */
    void fail(Exception e) {
        pending.values().forEach(call -> call.completeExceptionally(e));
    }
}
