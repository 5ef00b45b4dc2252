package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * VDSM's JSON-RPC over STOMP on the HTTP listener's port (told apart by the first bytes) and on a STOMP-only
 * listener, spoken frame by frame as the specification and VDSM's clients write them.
 */
class StompTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(Map.of("stomp.port", "0"));

    private static String request(String method, Map<String, Object> params, String id) throws Exception {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("jsonrpc", "2.0");
        request.put("method", method);
        request.put("params", params);
        request.put("id", id);
        return JSON.writeValueAsString(request);
    }

    /** A connected client subscribed to {@code replies}, as VDSM's Python client starts. */
    private static StompClient client(String replies) throws Exception {
        StompClient stomp = StompClient.plain(agent.port());
        stomp.connect("0,0");
        stomp.send("SUBSCRIBE", Map.of("destination", replies, "id", "sub-" + replies, "ack", "auto"));
        return stomp;
    }

    private static JsonNode call(StompClient stomp, String replies, String body) throws Exception {
        stomp.send("SEND", Map.of("destination", "jms.topic.vdsm_requests", "reply-to", replies,
                "content-type", "application/json"), body);
        StompClient.Frame message = stomp.expect("MESSAGE", WAIT);
        assertThat(message.header("destination")).isEqualTo(replies);
        assertThat(message.header("subscription")).isEqualTo("sub-" + replies);
        assertThat(message.header("content-type")).isEqualTo("application/json");
        assertThat(message.header("content-length"))
                .isEqualTo(Integer.toString(message.body().getBytes(StandardCharsets.UTF_8).length));
        return JSON.readTree(message.body());
    }

    @Test
    void aRequestIsAnsweredOnItsReplyToWithTheSameResultAsOverHttp() throws Exception {
        String replies = UUID.randomUUID().toString();
        try (StompClient stomp = StompClient.plain(agent.port())) {
            StompClient.Frame connected = stomp.connect("0,24000");
            assertThat(connected.header("version")).isEqualTo("1.2");
            assertThat(connected.header("heart-beat")).isEqualTo("24000,0");
            stomp.send("SUBSCRIBE", Map.of("destination", replies, "id", "sub-" + replies, "ack", "auto"));
            JsonNode response = call(stomp, replies, request("Host.getCapabilities", Map.of(), "caps-1"));
            assertThat(response.path("id").asText()).isEqualTo("caps-1");
            assertThat(response.path("result").path("hostId").asText())
                    .isEqualTo(Http.get(agent.uri("/api/v1/host/capabilities")).json().path("hostId").asText());
        }
    }

    @Test
    void vdsmResultConventions() throws Exception {
        String replies = UUID.randomUUID().toString();
        try (StompClient stomp = client(replies)) {
            // the batch of one that VDSM's Python client always sends is answered with the bare response
            JsonNode ping = call(stomp, replies, "[" + request("Host.ping2", Map.of(), "p1") + "]");
            assertThat(ping.isObject()).as(ping.toString()).isTrue();
            assertThat(ping.path("result").asBoolean()).as("a verb without result answers true").isTrue();
            JsonNode unknown = call(stomp, replies, request("Host.noSuchVerb", Map.of(), "u1"));
            assertThat(unknown.path("error").path("code").asInt()).isEqualTo(-32601);
            assertThat(unknown.path("id").asText()).isEqualTo("u1");
            JsonNode noVm = call(stomp, replies, request("VM.destroy",
                    Map.of("vmID", UUID.randomUUID().toString()), "d1"));
            assertThat(noVm.path("error").path("code").asInt()).as(noVm.toString()).isEqualTo(1);
            JsonNode notJson = call(stomp, replies, "{\"jsonrpc\":");
            assertThat(notJson.path("error").path("code").asInt()).isEqualTo(-32700);
            // a batch of two is a batch
            JsonNode two = call(stomp, replies, "[" + request("Host.ping2", Map.of(), "a") + ","
                    + request("Host.ping2", Map.of(), "b") + "]");
            assertThat(two.isArray()).isTrue();
            assertThat(two).hasSize(2);
        }
    }

    @Test
    void framesBeforeConnectAreTakenAsVdsmTakesThem() throws Exception {
        String replies = "jms.topic.vdsm_responses";
        try (StompClient stomp = StompClient.plain(agent.port())) {
            // as the engine's client may write them: subscriptions first, and a request sent without waiting
            stomp.send("SUBSCRIBE", Map.of("destination", "jms.queue.events", "id", "events", "ack", "auto"));
            stomp.send("SUBSCRIBE", Map.of("destination", replies, "id", "sub-" + replies, "ack", "auto"));
            stomp.send("SEND", Map.of("destination", "jms.topic.vdsm_requests", "reply-to", replies),
                    request("Host.ping2", Map.of(), "early"));
            stomp.send("CONNECT", Map.of("accept-version", "1.2", "host", "null"));
            // the events subscription may get a host.stats notification first (one every 200 ms here): not counted
            List<String> commands = new ArrayList<>();
            for (int frames = 0; commands.size() < 2 && frames < 50; frames++) {
                StompClient.Frame frame = stomp.next(WAIT);
                if (frame.command().equals("MESSAGE") && "events".equals(frame.headers().get("subscription"))) {
                    continue;
                }
                commands.add(frame.command());
                if (frame.command().equals("MESSAGE")) {
                    assertThat(frame.headers().get("subscription")).isEqualTo("sub-" + replies);
                    assertThat(JSON.readTree(frame.body()).path("id").asText()).isEqualTo("early");
                }
            }
            assertThat(commands).containsExactlyInAnyOrder("MESSAGE", "CONNECTED");
        }
    }

    @Test
    void headerValuesAreEscapedBothWays() throws Exception {
        String id = "a:b\\c\nd"; // every character STOMP 1.2 escapes
        try (StompClient stomp = StompClient.plain(agent.port())) {
            stomp.connect("0,0");
            stomp.send("SUBSCRIBE", Map.of("destination", "odd:replies", "id", id));
            stomp.send("SEND", Map.of("destination", "jms.topic.vdsm_requests", "reply-to", "odd:replies"),
                    request("Host.ping2", Map.of(), "x"));
            StompClient.Frame message = stomp.expect("MESSAGE", WAIT);
            assertThat(message.header("subscription")).isEqualTo(id);
            assertThat(message.header("destination")).isEqualTo("odd:replies");
        }
    }

    @Test
    void eventsArriveAsVdsmNotifications() throws Exception {
        String replies = UUID.randomUUID().toString();
        String vmId = UUID.randomUUID().toString();
        try (StompClient stomp = client(replies)) {
            stomp.send("SUBSCRIBE", Map.of("destination", "jms.queue.events", "id", "events", "ack", "auto"),
                    "");
            stomp.send("SUBSCRIBE", Map.of("destination", "other", "id", "other", "receipt", "r1"));
            assertThat(stomp.expect("RECEIPT", WAIT).header("receipt-id")).isEqualTo("r1");
            Map<String, Object> vmParams = new LinkedHashMap<>();
            vmParams.put("vmName", "stomp-events");
            vmParams.put("memSize", 128);
            vmParams.put("drives", List.of(Map.of("path", agent.disk("stomp-events.img").toString(),
                    "format", "raw")));
            stomp.send("SEND", Map.of("destination", "jms.topic.vdsm_requests", "reply-to", replies),
                    request("VM.create", Map.of("vmID", vmId, "vmParams", vmParams), "create"));
            String method = "|virt|VM_status|" + vmId;
            boolean created = false;
            JsonNode up = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // the response and the event travel apart: either may come first
            while ((up == null || !created) && System.nanoTime() < deadline) {
                StompClient.Frame frame = stomp.expect("MESSAGE", Duration.ofSeconds(30));
                JsonNode body = JSON.readTree(frame.body());
                if (frame.header("subscription").equals("sub-" + replies)) {
                    assertThat(body.path("error").isMissingNode()).as(body.toString()).isTrue();
                    created = true;
                    continue;
                }
                assertThat(frame.header("subscription")).isEqualTo("events");
                assertThat(frame.header("destination")).isEqualTo("jms.queue.events");
                assertThat(body.has("id")).as("a notification has no id").isFalse();
                assertThat(body.path("method").asText()).startsWith("|");
                if (body.path("method").asText().equals(method)
                        && body.path("params").path(vmId).path("status").asText().equals("Up")) {
                    up = body;
                }
            }
            assertThat(created).isTrue();
            assertThat(up).as("no Up notification for " + vmId).isNotNull();
            assertThat(up.path("params").path(vmId).path("vmId").asText()).isEqualTo(vmId);
            assertThat(up.path("params").path("notify_time").isIntegralNumber()).isTrue();
            assertThat(up.path("params").path("notify_time").asLong()).isGreaterThan(Integer.MAX_VALUE);

            stomp.send("SEND", Map.of("destination", "jms.topic.vdsm_requests", "reply-to", replies),
                    request("VM.destroy", Map.of("vmID", vmId), "destroy"));
            JsonNode down = null;
            while (down == null && System.nanoTime() < deadline) {
                JsonNode body = JSON.readTree(stomp.expect("MESSAGE", Duration.ofSeconds(30)).body());
                if (body.path("method").asText().equals(method)
                        && body.path("params").path(vmId).path("status").asText().equals("Down")) {
                    down = body;
                }
            }
            assertThat(down).as("no Down notification for " + vmId).isNotNull();
        }
    }

    @Test
    void disconnectIsAnsweredWithItsReceiptThenTheConnectionCloses() throws Exception {
        try (StompClient stomp = StompClient.plain(agent.port())) {
            // a client of several versions offers them all; 1.2 among them is enough
            stomp.send("CONNECT", Map.of("accept-version", "1.0,1.1, 1.2"));
            assertThat(stomp.expect("CONNECTED", WAIT).header("version")).isEqualTo("1.2");
            stomp.send("UNSUBSCRIBE", Map.of("id", "never-subscribed")); // the engine's client sends stale ids
            stomp.send("DISCONNECT", Map.of("receipt", "bye-1"));
            assertThat(stomp.expect("RECEIPT", WAIT).header("receipt-id")).isEqualTo("bye-1");
            assertThat(stomp.closedWithin(WAIT)).isTrue();
        }
    }

    @Test
    void theAgentSendsHeartBeatsAtTheNegotiatedInterval() throws Exception {
        try (StompClient stomp = StompClient.plain(agent.port())) {
            StompClient.Frame connected = stomp.connect("0,1000");
            assertThat(connected.header("heart-beat")).isEqualTo("1000,0");
            long last = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                StompClient.Frame beat = stomp.poll(Duration.ofSeconds(5));
                assertThat(beat).as("heart-beat " + i).isNotNull();
                assertThat(beat.command()).isEqualTo("HEARTBEAT");
                long now = System.nanoTime();
                // promised every 1000 ms; the client's tolerance is its business, the agent stays well inside it
                assertThat(Duration.ofNanos(now - last)).isLessThan(Duration.ofMillis(1500));
                last = now;
            }
        }
    }

    @Test
    void aClientSilentBeyondItsHeartBeatsIsDisconnected() throws Exception {
        try (StompClient stomp = StompClient.plain(agent.port())) {
            StompClient.Frame connected = stomp.connect("1000,0");
            assertThat(connected.header("heart-beat")).isEqualTo("0,1000");
            assertThat(stomp.closedWithin(Duration.ofSeconds(15))).isTrue();
        }
    }

    @Test
    void theStompOnlyListenerSpeaksStompAndNothingElse() throws Exception {
        String replies = UUID.randomUUID().toString();
        try (StompClient stomp = StompClient.plain(agent.stompPort())) {
            stomp.connect("0,0");
            stomp.send("SUBSCRIBE", Map.of("destination", replies, "id", "sub-" + replies));
            assertThat(call(stomp, replies, request("Host.ping2", Map.of(), "1")).path("result").asBoolean()).isTrue();
        }
        try (Socket http = new Socket("127.0.0.1", agent.stompPort())) {
            http.setSoTimeout(10_000);
            http.getOutputStream().write("GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(http.getInputStream().read()).as("closed without an answer").isEqualTo(-1);
        }
    }

    @Test
    void httpStillWorksOnTheSharedPortWhateverItsFirstBytes() throws Exception {
        // HTTP's own CONNECT method is HTTP, not STOMP's CONNECT frame
        try (Socket http = new Socket("127.0.0.1", agent.port())) {
            http.setSoTimeout(10_000);
            http.getOutputStream().write("CONNECT localhost:22 HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(http.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 ");
        }
        assertThat(Http.get(agent.uri("/api/v1/health")).status()).isEqualTo(200);
    }
}
