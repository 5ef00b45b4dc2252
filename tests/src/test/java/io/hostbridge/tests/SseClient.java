package io.hostbridge.tests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Reads an SSE stream on a background thread into a queue of events (id, event name, data). */
final class SseClient implements AutoCloseable {
    record SseEvent(String id, String name, String data) {
    }

    final int status;
    private final InputStream body;
    private final BlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();
    private final Thread reader;

    SseClient(URI uri, String lastEventId) throws IOException, InterruptedException {
        this(Http.CLIENT, uri, lastEventId);
    }

    SseClient(java.net.http.HttpClient client, URI uri, String lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        status = response.statusCode();
        body = response.body();
        reader = new Thread(this::read, "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String name = "message";
            StringBuilder data = new StringBuilder();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new SseEvent(id, name, data.toString()));
                    }
                    id = null;
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
        } catch (IOException e) {
            // stream closed
        }
    }

    /** The next event, failing the test when none comes before the deadline. */
    SseEvent next(Duration timeout) throws InterruptedException {
        SseEvent e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
            throw new AssertionError("no SSE event within " + timeout + " (at " + Instant.now() + ")");
        }
        return e;
    }

    @Override
    public void close() throws IOException {
        body.close();
        reader.interrupt();
    }
}
