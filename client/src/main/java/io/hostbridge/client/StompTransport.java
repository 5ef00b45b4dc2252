package io.hostbridge.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Calls as VDSM's JSON-RPC over STOMP 1.2 (docs/stomp.md) on the agent's port or unix socket: requests to
 * {@code jms.topic.vdsm_requests}, answers on a destination of this connection's, matched by JSON-RPC id. STOMP's
 * events are VDSM's notifications, which carry no sequence number, so subscriptions poll {@code Host.getEvents}
 * over the same connection instead: they resume exactly where they were.
 */
final class StompTransport implements ClientTransport {
    private static final String REQUESTS = "jms.topic.vdsm_requests";
    private static final Duration POLL = Duration.ofMillis(250);
    private static final int MAX_FRAME = 64 << 20;

    private final InputStream in;
    private final OutputStream out;
    private final AutoCloseable socket;
    private final Duration timeout;
    private final String replies = "hostbridge.client." + UUID.randomUUID();
    private final PendingCalls pending = new PendingCalls();
    private volatile boolean closed;
    private volatile IOException broken;

    private StompTransport(InputStream in, OutputStream out, AutoCloseable socket, Duration timeout) throws IOException {
        this.in = new BufferedInputStream(in);
        this.out = out;
        this.socket = socket;
        this.timeout = timeout;
        send("CONNECT", headers("accept-version", "1.2", "host", "localhost", "heart-beat", "0,0"), null);
        Frame connected = read();
        if (connected == null || !connected.command().equals("CONNECTED")) {
            throw new IOException("the agent did not accept the STOMP connection: "
                    + (connected == null ? "closed" : connected.command() + " " + connected.headers().get("message")));
        }
        send("SUBSCRIBE", headers("destination", replies, "id", "replies"), null);
        Thread reader = new Thread(this::readReplies, "hostbridge-stomp");
        reader.setDaemon(true);
        reader.start();
    }

    static StompTransport unixSocket(Path path, Duration timeout) {
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(path));
            return new StompTransport(new Http1.ChannelIn(channel), new Http1.ChannelOut(channel), channel, timeout);
        } catch (IOException e) {
            throw HostbridgeException.transport("Could not speak STOMP on " + path + ": " + e.getMessage(), e);
        }
    }

    static StompTransport tls(URI url, SSLContext ssl, Duration timeout) {
        try {
            SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket(url.getHost(),
                    url.getPort() < 0 ? 54321 : url.getPort());
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the agent's certificate must name the host
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return new StompTransport(socket.getInputStream(), socket.getOutputStream(), socket, timeout);
        } catch (IOException e) {
            throw HostbridgeException.transport("Could not speak STOMP to " + url + ": " + e.getMessage(), e);
        }
    }

    @Override
    public JsonNode call(String verb, ObjectNode params) {
        if (broken != null) {
            throw HostbridgeException.transport("The STOMP connection is lost: " + broken.getMessage(), broken);
        }
        String id = UUID.randomUUID().toString();
        ObjectNode request = JsonRpc.request(verb, id, params);
        return pending.call(verb, id, timeout, () -> send("SEND", headers("destination", REQUESTS, "reply-to", replies,
                "content-type", "application/json"), request.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private void readReplies() {
        try {
            Frame frame;
            while ((frame = read()) != null) {
                if (frame.command().equals("MESSAGE")) {
                    pending.answer(Codec.JSON.readTree(frame.body()));
                } else if (frame.command().equals("ERROR")) {
                    throw new IOException("the agent ended the connection: " + frame.headers().get("message"));
                }
            }
            throw new IOException("the agent closed the connection");
        } catch (IOException e) {
            broken = e;
            pending.fail(e);
        }
    }

    @Override
    public Subscription subscribe(String topics, Long afterSeq, Consumer<Event> listener) {
        PollingSubscription subscription = new PollingSubscription(topics, afterSeq, listener);
        return subscription.start(subscription::run);
    }

    /** Events by {@code Host.getEvents} from the last sequence number seen, every 250 ms. */
    private final class PollingSubscription extends BaseSubscription {
        private final String topics;

        PollingSubscription(String topics, Long afterSeq, Consumer<Event> listener) {
            super(afterSeq, listener);
            this.topics = topics;
        }

        void run() {
            while (!closed() && !StompTransport.this.closed) {
                try {
                    ObjectNode params = Codec.JSON.createObjectNode().put("topics", topics).put("limit", 1000);
                    if (lastSeq() != null) {
                        params.put("afterSeq", lastSeq());
                    }
                    JsonNode page = call("Host.getEvents", params);
                    page.path("events").forEach(envelope -> deliver(Event.of(envelope)));
                    if (page.path("events").isEmpty()) {
                        Thread.sleep(POLL.toMillis()); // the poll interval of a polling subscriber
                    }
                } catch (HostbridgeException e) {
                    if (e.code() != 0) {
                        fail(e);
                    }
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private synchronized void send(String command, Map<String, String> headers, byte[] body) throws IOException {
        StringBuilder frame = new StringBuilder(command).append('\n');
        headers.forEach((k, v) -> frame.append(escape(k)).append(':').append(escape(v)).append('\n'));
        if (body != null) {
            frame.append("content-length:").append(body.length).append('\n');
        }
        frame.append('\n');
        out.write(frame.toString().getBytes(StandardCharsets.UTF_8));
        if (body != null) {
            out.write(body);
        }
        out.write(0);
        out.flush();
    }

    private record Frame(String command, Map<String, String> headers, byte[] body) {
    }

    /** The next frame, heart-beats skipped; null at the end of the connection. */
    private Frame read() throws IOException {
        String command;
        do {
            command = line();
            if (command == null) {
                return null;
            }
        } while (command.isEmpty());
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while (!(line = line()).isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(unescape(line.substring(0, colon)), unescape(line.substring(colon + 1)));
            }
        }
        byte[] body;
        String length = headers.get("content-length");
        if (length != null) {
            int n = Integer.parseInt(length);
            if (n < 0 || n > MAX_FRAME) {
                throw new IOException("a frame of " + n + " bytes");
            }
            body = in.readNBytes(n);
            if (body.length < n || in.read() != 0) {
                throw new IOException("a truncated frame");
            }
        } else {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) > 0) {
                bytes.write(b);
                if (bytes.size() > MAX_FRAME) {
                    throw new IOException("a frame beyond " + MAX_FRAME + " bytes");
                }
            }
            body = bytes.toByteArray();
        }
        return new Frame(command, headers, body);
    }

    /** A frame's line, as STOMP 1.2 writes it: UTF-8, at most 16 KiB. */
    private String line() throws IOException {
        return Http1.line(in, 16_384, StandardCharsets.UTF_8);
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n").replace(":", "\\c");
    }

    private static String unescape(String value) {
        StringBuilder s = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                char next = value.charAt(++i);
                s.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next == 'c' ? ':' : next);
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    private static Map<String, String> headers(String... keysAndValues) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            headers.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return headers;
    }

    @Override
    public void close() {
        closed = true;
        try {
            send("DISCONNECT", headers(), null);
        } catch (IOException e) {
            // closing anyway
        }
        try {
            socket.close();
        } catch (Exception e) {
            throw HostbridgeException.transport("Could not close the STOMP connection", e);
        }
    }
}
