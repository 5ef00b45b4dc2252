package io.hostbridge.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hostbridge.bridge.Metrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * WebSocket endpoints on the shared listener, driven by the JDK's WebSocket client: messages both ways, the limits
 * (a message too large, a peer that stops reading), refusals as HTTP problems, browser checks, and a handler that
 * blocks holding back only its own connection.
 */
class WebSocketUpgradesTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final List<HttpListener> listeners = new ArrayList<>();
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        listeners.forEach(HttpListener::stop);
    }

    /** Answers each text with 'NAME:TEXT', each binary with its size; 'hold' blocks the next binary until released. */
    static final class Echo implements WebSocketEndpoint {
        final String name;
        final Limits limits;
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        final CountDownLatch release = new CountDownLatch(1);
        volatile WebSocketSession last;

        Echo(String name, Limits limits) {
            this.name = name;
            this.limits = limits;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String path() {
            return "/ws/";
        }

        @Override
        public Limits limits() {
            return limits;
        }

        @Override
        public Answer upgrade(WebSocketUpgrade upgrade) {
            if (upgrade.rest().equals("deny")) {
                return Answer.refuse(404, "{\"status\":404,\"code\":5007,\"detail\":\"no such thing\"}");
            }
            WebSocketSession session = upgrade.session();
            last = session;
            events.add("peer " + upgrade.transport("test").peer().getClass().getSimpleName());
            return Answer.accept(new WebSocketHandler() {
                boolean hold;

                @Override
                public void text(String message) {
                    hold = message.equals("hold");
                    send(() -> session.sendText(name + ":" + message));
                }

                @Override
                public void binary(ByteBuffer message) {
                    if (hold) {
                        events.add("holding");
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    send(() -> session.sendText("binary " + message.remaining()));
                }

                @Override
                public void refused(int closeCode, String reason) {
                    events.add("refused " + closeCode + " " + reason);
                }

                @Override
                public void closed() {
                    events.add("closed");
                }
            });
        }

        interface Send {
            void run() throws IOException, InterruptedException;
        }

        private void send(Send send) {
            try {
                send.run();
            } catch (IOException e) {
                events.add("send failed: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private URI start(WebSocketEndpoint endpoint, int workers) throws Exception {
        HttpHandler ping = new HttpHandler() {
            @Override
            public void service(Request request, Response response) throws Exception {
                response.getWriter().write("pong");
            }
        };
        HttpListener listener = new HttpListener(HttpSettings.insecureLoopback(0, 1 << 20, workers),
                Set.of(new HttpRoute("ping", "/ping", ping, Set.of("application/json"))), Set.of(), Set.of(endpoint),
                Optional.empty(), Metrics.standalone());
        listeners.add(listener);
        listener.start();
        return URI.create("ws://127.0.0.1:" + listener.address().getPort());
    }

    private static WebSocketEndpoint.Limits limits(int maxMessage, int maxQueued, Duration sendTimeout) {
        return new WebSocketEndpoint.Limits(maxMessage, maxQueued, sendTimeout);
    }

    /** Collects what the server sends; reads only when asked to ({@code reading}). */
    static final class Peer implements WebSocket.Listener {
        final BlockingQueue<String> got = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final AtomicLong bytes = new AtomicLong();
        private final StringBuilder text = new StringBuilder();
        private final boolean reading;

        Peer(boolean reading) {
            this.reading = reading;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(reading ? Long.MAX_VALUE : 1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                got.add(text.toString());
                text.setLength(0);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            bytes.addAndGet(data.remaining());
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        String next() throws InterruptedException {
            return got.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private WebSocket connect(URI base, String path, Peer peer) {
        return client.newWebSocketBuilder().connectTimeout(WAIT).buildAsync(base.resolve(path), peer).join();
    }

    @Test
    void messagesBothWaysAndAnOrderlyClose() throws Exception {
        Echo echo = new Echo("one", limits(1024, 4096, WAIT));
        URI base = start(echo, 4);
        Peer peer = new Peer(true);
        WebSocket ws = connect(base, "/ws/x", peer);
        assertThat(echo.events.poll(10, TimeUnit.SECONDS)).isEqualTo("peer Insecure");
        ws.sendText("hello", true).join();
        assertThat(peer.next()).isEqualTo("one:hello");
        ws.sendBinary(ByteBuffer.allocate(1000), true).join();
        assertThat(peer.next()).isEqualTo("binary 1000");
        // fragments are joined into one message
        ws.sendText("hel", false).join();
        ws.sendText("lo again", true).join();
        assertThat(peer.next()).isEqualTo("one:hello again");
        ws.sendClose(1000, "bye").join();
        assertThat(peer.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(echo.events.poll(10, TimeUnit.SECONDS)).isEqualTo("closed");
    }

    @Test
    void aMessageOverTheLimitClosesWith1009BeforeItIsRead() throws Exception {
        Echo echo = new Echo("one", limits(1024, 4096, WAIT));
        URI base = start(echo, 4);
        Peer peer = new Peer(true);
        WebSocket ws = connect(base, "/ws/x", peer);
        ws.sendBinary(ByteBuffer.allocate(1024), true).join();
        assertThat(peer.next()).isEqualTo("binary 1024");
        ws.sendBinary(ByteBuffer.allocate(1 << 20), true);
        assertThat(peer.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
        echo.events.poll(10, TimeUnit.SECONDS); // the peer
        assertThat(echo.events.poll(10, TimeUnit.SECONDS)).isEqualTo("refused 1009 a message of 1048576 bytes;"
                + " at most 1024");
    }

    @Test
    void refusalsAreHttpProblemsBeforeTheUpgrade() throws Exception {
        Echo echo = new Echo("one", limits(1024, 4096, WAIT));
        URI base = start(echo, 4);
        assertThatThrownBy(() -> connect(base, "/ws/deny", new Peer(true))).isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class, e -> {
                    assertThat(e.getResponse().statusCode()).isEqualTo(404);
                    assertThat(e.getResponse().headers().firstValue("Content-Type")).contains(
                            "application/problem+json");
                    assertThat((String) e.getResponse().body()).contains("\"code\":5007");
                });
        HttpResponse<String> plain = client.send(HttpRequest.newBuilder(URI.create("http" + base.toString()
                .substring(2) + "/ws/x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(426);
        assertThat(plain.headers().firstValue("Upgrade")).contains("websocket");
        assertThat(plain.body()).contains("\"code\":5005").contains("WebSockets only");
    }

    @Test
    void aPageOfAnotherOriginCannotOpenOne() throws Exception {
        Echo echo = new Echo("one", limits(1024, 4096, WAIT));
        URI base = start(echo, 4);
        assertThatThrownBy(() -> client.newWebSocketBuilder().header("Origin", "https://evil.example")
                .buildAsync(base.resolve("/ws/x"), new Peer(true)).join()).cause()
                .isInstanceOfSatisfying(WebSocketHandshakeException.class, e -> {
                    assertThat(e.getResponse().statusCode()).isEqualTo(403);
                    assertThat((String) e.getResponse().body()).contains("\"code\":5003").contains("evil.example");
                });
        assertThat(echo.events).isEmpty();
    }

    /** Each listener serves its own endpoints, though Grizzly's WebSocket engine is one per JVM. */
    @Test
    void twoListenersInOneJvmServeTheirOwn() throws Exception {
        URI one = start(new Echo("one", limits(1024, 4096, WAIT)), 4);
        URI two = start(new Echo("two", limits(1024, 4096, WAIT)), 4);
        Peer first = new Peer(true);
        Peer second = new Peer(true);
        connect(one, "/ws/a", first).sendText("x", true).join();
        connect(two, "/ws/a", second).sendText("x", true).join();
        assertThat(first.next()).isEqualTo("one:x");
        assertThat(second.next()).isEqualTo("two:x");
    }

    /** Handlers that block hold back their own connections, not the listener's two threads. */
    @Test
    void blockedHandlersHoldNoListenerThread() throws Exception {
        Echo echo = new Echo("one", limits(1024, 4096, WAIT));
        URI base = start(echo, 2);
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Peer peer = new Peer(true);
            WebSocket ws = connect(base, "/ws/" + i, peer);
            ws.sendText("hold", true).join();
            assertThat(peer.next()).isEqualTo("one:hold");
            ws.sendBinary(ByteBuffer.allocate(10), true).join();
            sockets.add(ws);
        }
        long holding = 0;
        while (holding < 3) {
            String event = echo.events.poll(10, TimeUnit.SECONDS);
            assertThat(event).as("three handlers blocked").isNotNull();
            holding += event.equals("holding") ? 1 : 0;
        }
        HttpResponse<String> ping = client.send(HttpRequest.newBuilder(URI.create("http" + base.toString()
                .substring(2) + "/ping")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ping.body()).isEqualTo("pong");
        echo.release.countDown();
        sockets.forEach(ws -> ws.sendClose(1000, ""));
    }

    /** A peer whose connection drops in the middle of a frame: the handler hears of it. */
    @Test
    void aDroppedConnectionIsClosedForTheHandler() throws Exception {
        Echo echo = new Echo("one", limits(1024, 4096, WAIT));
        URI base = start(echo, 4);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", base.getPort())) {
            socket.getOutputStream().write(("GET /ws/x HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] answer = new byte[12];
            assertThat(socket.getInputStream().readNBytes(answer, 0, 12)).isEqualTo(12);
            assertThat(new String(answer, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 101");
            // a masked binary frame of 100 bytes, cut after 10 of them
            socket.getOutputStream().write(new byte[] {(byte) 0x82, (byte) 0xE4, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0,
                    0, 0, 0});
            assertThat(echo.events.poll(10, TimeUnit.SECONDS)).startsWith("peer");
        }
        assertThat(echo.events.poll(10, TimeUnit.SECONDS)).isEqualTo("closed");
    }

    /** A peer that stops reading: sends wait while the queue is full, then fail; the agent keeps little. */
    @Test
    void aPeerThatStopsReadingFailsTheSenderAfterTheTimeout() throws Exception {
        Echo echo = new Echo("one", limits(1024, 256 * 1024, Duration.ofSeconds(1)));
        URI base = start(echo, 4);
        Peer peer = new Peer(false);
        connect(base, "/ws/x", peer);
        echo.events.poll(10, TimeUnit.SECONDS);
        WebSocketSession session = echo.last;
        long sent = 0;
        long started = System.nanoTime();
        IOException failure = null;
        while (failure == null && sent < (1L << 30)) {
            try {
                session.sendBinary(ByteBuffer.allocate(64 * 1024));
                sent += 64 * 1024;
            } catch (IOException e) {
                failure = e;
            }
        }
        assertThat(failure).as("sent " + sent).isNotNull().hasMessageContaining("read nothing for 1 s");
        assertThat(sent).as("what the socket buffers took, not a GiB").isLessThan(64L << 20);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(WAIT);
        assertThat(peer.closed).failsWithin(10, TimeUnit.SECONDS);
        assertThat(echo.events.poll(10, TimeUnit.SECONDS)).isEqualTo("closed");
    }
}
