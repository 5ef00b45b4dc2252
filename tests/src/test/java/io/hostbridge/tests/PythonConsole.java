package io.hostbridge.tests;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;

/**
 * A console held by a Python client in a process of its own, which calls {@code VM.openConsole} and then relays, a
 * JSON line at a time, what this side types and what the agent sends:
 * {@code tests/src/test/resources/websocket/console.py} (REST, then the stream's WebSocket, with Python's websockets
 * from Debian) and
 * {@code tests/src/test/resources/amqp/console.py} (Qpid Proton: the packets as messages on the host's address).
 * On stdout: {@code {"refused": CODE, "message": ..}} or {@code {"opened": ..}} first, then {@code {"data": ..}}
 * and {@code {"status": ..}} lines, {@code {"closed": ..}} when the stream is over.
 */
final class PythonConsole implements ConsoleCaller.Console {
    private static final Duration OPENED = Duration.ofSeconds(60);

    private final String wire;
    private final Process python;
    private final Writer stdin;
    private final StringBuilder text = new StringBuilder();
    private final ArrayDeque<JsonNode> statuses = new ArrayDeque<>();
    private JsonNode first;
    private boolean closed;

    private PythonConsole(String wire, Process python) {
        this.wire = wire;
        this.python = python;
        this.stdin = python.outputWriter(StandardCharsets.UTF_8);
        Thread reader = new Thread(this::read, wire + "-console");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Runs {@code command} (the client's script and arguments, after the Python interpreter) and waits for its
     * first line; {@code wire} names the way it reaches the agent in failure messages.
     */
    static ConsoleCaller.Console open(String wire, List<String> command) throws Exception {
        List<String> argv = new java.util.ArrayList<>();
        argv.add("/usr/bin/python3");
        argv.addAll(command);
        Process python = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        PythonConsole console = new PythonConsole(wire, python);
        JsonNode answer = console.awaitFirst();
        if (answer.has("refused")) {
            throw new ConsoleCaller.Refused(answer.get("refused").asInt(), answer.path("message").asText());
        }
        return console;
    }

    private void read() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                JsonNode message = Http.JSON.readTree(line);
                synchronized (this) {
                    if (first == null) {
                        first = message;
                    } else if (message.has("data")) {
                        text.append(message.get("data").asText());
                    } else if (message.has("status")) {
                        statuses.add(message);
                    } else if (message.has("closed")) {
                        closed = true;
                    }
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        } finally {
            synchronized (this) {
                closed = true;
                notifyAll();
            }
        }
    }

    private synchronized JsonNode awaitFirst() throws InterruptedException {
        long deadline = System.nanoTime() + OPENED.toNanos();
        while (first == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || closed) {
                python.destroy();
                throw new AssertionError(wire + " console.py opened nothing within " + OPENED
                        + (closed ? " (it ended)" : ""));
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return first;
    }

    private void send(Map<String, String> command) throws IOException {
        stdin.write(Http.JSON.writeValueAsString(command) + "\n");
        stdin.flush();
    }

    @Override
    public void type(String keys) throws IOException {
        send(Map.of("keys", keys));
    }

    @Override
    public synchronized String awaitText(String marker, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (text.indexOf(marker) < 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !statuses.isEmpty() || closed) {
                throw new AssertionError("no '" + marker + "' on the " + wire + " console within " + timeout
                        + " (then "
                        + (statuses.isEmpty() ? closed ? "closed" : "nothing" : statuses.peek()) + "); text: " + text);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return text.toString();
    }

    @Override
    public synchronized String awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (statuses.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || closed) {
                throw new AssertionError("no status on the " + wire + " console within " + timeout
                        + (closed ? " (closed)" : ""));
            }
            wait(Math.max(1, left / 1_000_000));
        }
        JsonNode status = statuses.poll();
        String name = status.get("status").asText();
        return name.equals("error") ? "error " + status.path("code").asInt() + ": " + status.path("message").asText()
                : name;
    }

    @Override
    public void ok() throws IOException {
        send(Map.of("status", "ok"));
    }

    @Override
    public void abort(String message) throws IOException {
        send(Map.of("status", "error", "message", message));
    }
}
