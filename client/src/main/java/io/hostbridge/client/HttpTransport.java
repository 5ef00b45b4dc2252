package io.hostbridge.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * Calls over the REST binding's generic route ({@code POST /api/v1/rpc/{verb}}) and events over its Server-Sent
 * Events, on the agent's local unix socket, or over TCP with TLS and a client certificate ({@link Http1}).
 */
final class HttpTransport implements ClientTransport {
    private static final Duration RECONNECT = Duration.ofSeconds(1);
    private static final Map<String, String> ACCEPT_JSON = Map.of("Accept", "application/json");

    private final Http1 http;
    /** Where the agent is, for messages: its URL or its socket. */
    private final String where;
    private final Duration timeout;

    private HttpTransport(Http1 http, String where, Duration timeout) {
        this.http = http;
        this.where = where;
        this.timeout = timeout;
    }

    static HttpTransport unixSocket(Path socket, Duration timeout) {
        return new HttpTransport(Http1.unixSocket(socket), "the unix socket " + socket, timeout);
    }

    static HttpTransport tls(URI url, SSLContext ssl, Duration timeout) {
        int port = url.getPort() < 0 ? 443 : url.getPort();
        return new HttpTransport(Http1.tls(url.getHost(), port, ssl), "https://" + url.getHost() + ":" + port, timeout);
    }

    @Override
    public JsonNode call(String verb, ObjectNode params) {
        Http1.Reply reply = request("POST", "/api/v1/rpc/" + verb, params.toString().getBytes(StandardCharsets.UTF_8),
                verb);
        JsonNode body = json(reply.body(), reply.status());
        if (reply.status() == 200) {
            return body;
        }
        throw problem(body, reply.status());
    }

    @Override
    public JsonNode schema() {
        Http1.Reply reply = request("GET", "/api/v1/schema", null, "the schema");
        JsonNode body = json(reply.body(), reply.status());
        if (reply.status() != 200) {
            throw problem(body, reply.status());
        }
        return body;
    }

    private Http1.Reply request(String method, String target, byte[] body, String what) {
        try {
            return http.request(method, target, ACCEPT_JSON, body, timeout);
        } catch (Http1.Timeout e) {
            throw HostbridgeException.transport("No answer to " + what + " within " + timeout, e);
        } catch (IOException e) {
            throw HostbridgeException.transport("Could not reach the agent at " + where + ": " + reason(e), e);
        }
    }

    /** What went wrong, without the exception class names. */
    private static String reason(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static JsonNode json(byte[] content, int status) {
        try {
            return Codec.JSON.readTree(content);
        } catch (IOException e) {
            throw HostbridgeException.transport("The agent answered HTTP " + status + " with something other than"
                    + " JSON", e);
        }
    }

    /** A problem document (RFC 9457 with the agent's code) as the exception it stands for. */
    private static HostbridgeException problem(JsonNode body, int status) {
        if (!body.has("code")) {
            return HostbridgeException.transport("The agent answered HTTP " + status + " without a problem document",
                    null);
        }
        return new HostbridgeException(body.path("code").asInt(), text(body, "parameter"),
                body.path("detail").asText(body.path("title").asText()), text(body, "errorId"), null);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    @Override
    public Subscription subscribe(String topics, Long afterSeq, Consumer<Event> listener) {
        SseSubscription subscription = new SseSubscription(topics, afterSeq, listener);
        return subscription.start(subscription::run);
    }

    /** One SSE stream, opened again after a failure from the last event it delivered (Last-Event-ID). */
    private final class SseSubscription extends BaseSubscription {
        private final String topics;
        private volatile Http1.Response current;

        SseSubscription(String topics, Long afterSeq, Consumer<Event> listener) {
            super(afterSeq, listener);
            this.topics = topics;
        }

        void run() {
            while (!closed()) {
                try {
                    stream();
                } catch (HostbridgeException e) {
                    if (e.code() != 0) { // the agent refused the subscription: asking again changes nothing
                        fail(e);
                        return;
                    }
                } catch (IOException | RuntimeException e) {
                    if (closed()) {
                        return;
                    }
                }
                synchronized (this) {
                    try {
                        if (!closed()) {
                            wait(RECONNECT.toMillis()); // the reconnect delay; close() wakes it
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        private void stream() throws IOException {
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            headers.put("Accept", "text/event-stream");
            Long seq = lastSeq();
            if (seq != null) {
                headers.put("Last-Event-ID", seq.toString());
            }
            try (Http1.Response response = http.stream("/api/v1/events?topics="
                    + URLEncoder.encode(topics, StandardCharsets.UTF_8), headers, timeout)) {
                current = response;
                if (closed()) {
                    return;
                }
                if (response.status() != 200) {
                    throw problem(json(response.readAll(), response.status()), response.status());
                }
                BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
                StringBuilder data = new StringBuilder();
                String line;
                while (!closed() && (line = in.readLine()) != null) {
                    if (line.isEmpty()) {
                        if (data.length() > 0) {
                            deliver(Event.of(Codec.JSON.readTree(data.toString())));
                            data.setLength(0);
                        }
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
                    }
                }
            }
        }

        @Override
        public void close() {
            super.close();
            Http1.Response response = current;
            if (response != null) {
                Http1.abort(response);
            }
            synchronized (this) {
                notifyAll();
            }
        }
    }

    @Override
    public void close() {
        try {
            http.close();
        } catch (IOException e) {
            throw HostbridgeException.transport("Could not close the connections to the agent", e);
        }
    }
}
