package io.hostbridge.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Calls over the REST binding's generic route ({@code POST /api/v1/rpc/{verb}}) and events over its Server-Sent
 * Events, with Jetty's HTTP client: on the agent's local unix socket, or over TCP with TLS and a client certificate.
 */
final class HttpTransport implements ClientTransport {
    private static final String JSON_TYPE = "application/json";
    private static final Duration RECONNECT = Duration.ofSeconds(1);

    private final HttpClient http;
    private final String base;
    private final Duration timeout;
    /** The unix socket's transport, or null for TCP. */
    private final Transport unix;

    private HttpTransport(ClientConnector connector, Transport unix, String base, Duration timeout) {
        this.unix = unix;
        this.http = new HttpClient(new HttpClientTransportOverHTTP(connector));
        this.http.setFollowRedirects(false);
        this.http.setUserAgentField(null);
        this.base = base;
        this.timeout = timeout;
        try {
            http.start();
        } catch (Exception e) {
            throw HostbridgeException.transport("Could not start the HTTP client", e);
        }
    }

    static HttpTransport unixSocket(Path socket, Duration timeout) {
        return new HttpTransport(new ClientConnector(), new Transport.TCPUnix(socket), "http://localhost", timeout);
    }

    static HttpTransport tls(URI url, SSLContext ssl, Duration timeout) {
        SslContextFactory.Client factory = new SslContextFactory.Client();
        factory.setSslContext(ssl);
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(factory);
        String authority = url.getPort() < 0 ? url.getHost() : url.getHost() + ":" + url.getPort();
        return new HttpTransport(connector, null, "https://" + authority, timeout);
    }

    @Override
    public JsonNode call(String verb, ObjectNode params) {
        Request request = request(base + "/api/v1/rpc/" + verb).method(HttpMethod.POST)
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .body(new StringRequestContent(JSON_TYPE, params.toString(), StandardCharsets.UTF_8));
        ContentResponse response;
        try {
            response = request.send();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw HostbridgeException.transport("Interrupted while calling " + verb, e);
        } catch (TimeoutException e) {
            throw HostbridgeException.transport("No answer to " + verb + " within " + timeout, e);
        } catch (ExecutionException e) {
            throw HostbridgeException.transport("Could not reach the agent at " + base + ": " + e.getCause(), e);
        }
        JsonNode body = json(response.getContent(), response.getStatus());
        if (response.getStatus() == 200) {
            return body;
        }
        throw problem(body, response.getStatus());
    }

    private Request request(String url) {
        Request request = http.newRequest(url);
        return unix == null ? request : request.transport(unix);
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
        private volatile Response current;

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
                } catch (Exception e) {
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

        private void stream() throws Exception {
            Request request = request(base + "/api/v1/events?topics="
                    + URLEncoder.encode(topics, StandardCharsets.UTF_8)).method(HttpMethod.GET)
                    .idleTimeout(0, TimeUnit.MILLISECONDS);
            Long seq = lastSeq();
            if (seq != null) {
                request.headers(h -> h.put("Last-Event-ID", seq.toString()));
            }
            InputStreamResponseListener response = new InputStreamResponseListener();
            request.send(response);
            Response head = response.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            current = head;
            if (head.getStatus() != 200) {
                try (InputStream in = response.getInputStream()) {
                    throw problem(json(in.readAllBytes(), head.getStatus()), head.getStatus());
                }
            }
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.getInputStream(),
                    StandardCharsets.UTF_8))) {
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
            Response response = current;
            if (response != null) {
                response.abort(new IOException("subscription closed"));
            }
            synchronized (this) {
                notifyAll();
            }
        }
    }

    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception e) {
            throw HostbridgeException.transport("Could not stop the HTTP client", e);
        }
    }
}
