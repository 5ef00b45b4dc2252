package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile and broken STOMP clients: each gets a clear ERROR frame (then the connection closes) or is dropped, the
 * agent's memory stays bounded, and every other connection goes on being served.
 */
class StompHardeningTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(Map.of("stomp.maxPendingBytes", "65536",
            "stomp.maxFrameBytes", "65536"));

    /** A well-behaved client that must go on being served whatever the others do. */
    @AfterEach
    void othersAreStillServed() throws Exception {
        try (StompClient stomp = StompClient.plain(agent.port())) {
            stomp.connect("0,0");
            stomp.send("SUBSCRIBE", Map.of("destination", "r", "id", "r"));
            stomp.send("SEND", Map.of("destination", "jms.topic.vdsm_requests", "reply-to", "r"),
                    "{\"jsonrpc\":\"2.0\",\"method\":\"Host.ping2\",\"id\":1}");
            assertThat(JSON.readTree(stomp.expect("MESSAGE", WAIT).body()).path("result").asBoolean()).isTrue();
        }
        assertThat(Http.get(agent.uri("/api/v1/health")).status()).isEqualTo(200);
    }

    /** Sends a frame and expects ERROR naming the problem, then the end of the connection. */
    private static void refused(StompClient stomp, String expected) throws Exception {
        StompClient.Frame error = stomp.expect("ERROR", WAIT);
        assertThat(error.header("message")).contains(expected);
        assertThat(error.body()).contains(expected);
        assertThat(stomp.closedWithin(WAIT)).as("closed after ERROR").isTrue();
    }

    @Test
    void garbageIsNotStompAndHttpRefusesIt() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", agent.port())) {
            socket.setSoTimeout(10_000);
            byte[] garbage = new byte[4096];
            new java.util.Random(7).nextBytes(garbage);
            garbage[0] = 0x17; // not a letter: neither a STOMP command nor an HTTP method
            socket.getOutputStream().write(garbage);
            socket.getOutputStream().write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII)); // the end of a head
            String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            assertThat(answer).matches("HTTP/1\\.1 (400|505)"); // Grizzly says bad request, or bad version
        }
    }

    @Test
    void anUnknownCommandIsRefused() throws Exception {
        try (StompClient stomp = StompClient.plain(agent.port())) {
            stomp.connect("0,0");
            stomp.raw("FROB\nx:y\n\n\0");
            refused(stomp, "unknown command 'FROB'");
        }
    }

    @Test
    void garbageAfterAFrameIsRefused() throws Exception {
        try (StompClient stomp = StompClient.plain(agent.port())) {
            stomp.connect("0,0");
            stomp.raw(new byte[] {'S', 'E', 'N', 'D', '\n', 'n', 'o', '-', 'c', 'o', 'l', 'o', 'n', '\n', '\n', 0});
            refused(stomp, "malformed header");
        }
    }

    @Test
    void aTruncatedFrameThenCloseLeavesNothingBehind() throws Exception {
        for (int i = 0; i < 20; i++) {
            try (StompClient stomp = StompClient.plain(agent.port())) {
                stomp.raw("SEND\ndestination:jms.topic.vdsm_requests\ncontent-length:1000\n\n{\"jsonrpc\"");
            }
        }
    }

    @Test
    void aHugeContentLengthIsRefusedBeforeItsBodyIsRead() throws Exception {
        try (StompClient stomp = StompClient.plain(agent.port())) {
            stomp.connect("0,0");
            stomp.raw("SEND\ndestination:jms.topic.vdsm_requests\ncontent-length:" + (100L << 20) + "\n\n{");
            refused(stomp, "content-length 104857600 is more than the largest frame body");
        }
    }

    @Test
    void aBodyWithoutContentLengthIsBoundedToo() throws Exception {
        try (StompClient stomp = StompClient.plain(agent.port())) {
            stomp.connect("0,0");
            stomp.raw("SEND\ndestination:jms.topic.vdsm_requests\n\n");
            byte[] chunk = new byte[8192];
            java.util.Arrays.fill(chunk, (byte) 'x');
            try {
                for (int i = 0; i < 16; i++) {
                    stomp.raw(chunk);
                }
            } catch (IOException e) {
                // the agent may close before all is written
            }
            refused(stomp, "frame body longer than 65536 bytes");
        }
    }

    @Test
    void endlessHeadersAreRefused() throws Exception {
        try (StompClient stomp = StompClient.plain(agent.port())) {
            stomp.connect("0,0");
            StringBuilder headers = new StringBuilder("SEND\n");
            for (int i = 0; i < 2000; i++) {
                headers.append("h").append(i).append(":").append("v".repeat(20)).append('\n');
            }
            try {
                stomp.raw(headers.toString());
            } catch (IOException e) {
                // closed early
            }
            refused(stomp, "frame headers longer than");
        }
    }

    @Test
    void tenThousandSubscriptionsAreRefusedAtTheCap() throws Exception {
        try (StompClient stomp = StompClient.plain(agent.port())) {
            stomp.connect("0,0");
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 10_000; i++) {
                burst.append("SUBSCRIBE\ndestination:d").append(i).append("\nid:").append(i).append("\n\n\0");
            }
            try {
                stomp.raw(burst.toString());
            } catch (IOException e) {
                // the agent closed while the burst was still being written
            }
            refused(stomp, "more than 100 subscriptions on one connection");
        }
    }

    @Test
    void missingHeadersAndDuplicateIdsAreRefused() throws Exception {
        try (StompClient stomp = StompClient.plain(agent.port())) {
            stomp.connect("0,0");
            stomp.send("SUBSCRIBE", Map.of("destination", "d", "receipt", "r-1"));
            StompClient.Frame error = stomp.expect("ERROR", WAIT);
            assertThat(error.header("message")).isEqualTo("SUBSCRIBE needs a 'id' header");
            assertThat(error.header("receipt-id")).isEqualTo("r-1");
        }
        try (StompClient stomp = StompClient.plain(agent.port())) {
            stomp.connect("0,0");
            stomp.send("SEND", Map.of("reply-to", "x"), "{}");
            refused(stomp, "SEND needs a 'destination' header");
        }
        try (StompClient stomp = StompClient.plain(agent.port())) {
            stomp.send("SUBSCRIBE", Map.of("destination", "d", "id", "same"));
            stomp.send("SUBSCRIBE", Map.of("destination", "e", "id", "same"));
            refused(stomp, "subscription id 'same' is already in use");
        }
    }

    @Test
    void otherVersionsTransactionsAndForeignDestinationsAreRefused() throws Exception {
        try (StompClient stomp = StompClient.plain(agent.port())) {
            stomp.send("CONNECT", Map.of("accept-version", "1.0,1.1"));
            refused(stomp, "STOMP 1.2 only");
        }
        try (StompClient stomp = StompClient.plain(agent.port())) {
            stomp.connect("0,0");
            stomp.send("BEGIN", Map.of("transaction", "t"));
            refused(stomp, "transactions (BEGIN) are not supported");
        }
        try (StompClient stomp = StompClient.plain(agent.port())) {
            // a client may not speak to other clients' subscriptions (a forged response or event)
            stomp.connect("0,0");
            stomp.send("SEND", Map.of("destination", "jms.topic.vdsm_responses"), "{\"jsonrpc\":\"2.0\",\"id\":1}");
            refused(stomp, "destination 'jms.topic.vdsm_responses' takes no messages");
        }
    }

    /**
     * A client that sends requests and never reads their responses: once more than stomp.maxPendingBytes wait for
     * it in the agent, it is dropped; the agent keeps none of the rest.
     */
    @Test
    void aClientThatNeverReadsIsDropped() throws Exception {
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096); // before connecting, so the window stays small
            socket.connect(new InetSocketAddress("127.0.0.1", agent.port()));
            OutputStream out = socket.getOutputStream();
            out.write("CONNECT\naccept-version:1.2\n\n\0SUBSCRIBE\ndestination:r\nid:r\n\n\0"
                    .getBytes(StandardCharsets.UTF_8));
            String send = "SEND\ndestination:jms.topic.vdsm_requests\nreply-to:r\n\n"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"Host.getCapabilities\",\"id\":\"" + UUID.randomUUID()
                    + "\"}\0";
            int sent = 0;
            try {
                for (; sent < 50_000; sent++) {
                    out.write(send.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // dropped while still sending
            }
            // now read: what was sent before the drop, then the end, long before every response came
            socket.setSoTimeout(30_000);
            InputStream in = socket.getInputStream();
            int messages = 0;
            byte[] buffer = new byte[65536];
            String tail = "";
            int n;
            while ((n = in.read(buffer)) >= 0) {
                String text = tail + new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
                messages += text.split("\nMESSAGE\n|^MESSAGE\n|\0MESSAGE\n", -1).length - 1;
                tail = text.substring(Math.max(0, text.length() - 8));
            }
            assertThat(messages).as("responses before the drop").isLessThan(sent);
        }
    }
}
