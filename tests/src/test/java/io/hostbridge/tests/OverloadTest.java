package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An agent at capacity says so at once (VDSM's code 1100) instead of queueing callers until they give up: with two
 * worker threads and room for one waiting request, three requests whose bodies have not all come hold the HTTP
 * listener full, and every caller beyond them gets its protocol's overload answer without waiting — Python's
 * {@code xmlrpc.client} VDSM's status 1100, curl on REST a 503 with {@code Retry-After} and a problem with code 1100,
 * curl on JSON-RPC a 503 with a JSON-RPC error 1100. Once the held requests end, everyone is served again.
 */
class OverloadTest {
    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(Map.of("http.workerThreads", "2",
            "http.maxQueuedRequests", "1"));

    private final List<Socket> held = new ArrayList<>();

    @AfterEach
    void letGo() throws Exception {
        for (Socket s : held) {
            s.close();
        }
        assertThat(python("print(server.ping())")).isEqualTo("{'status': {'code': 0, 'message': 'Done'}}\n");
    }

    @Test
    void beyondCapacityEveryProtocolAnswersAtOnceWith1100AndServesAgainAfter() throws Exception {
        for (int i = 0; i < 3; i++) {
            held.add(halfSentPing());
        }
        // the three are admitted once the listener has read their headers: from then on, a ping is refused
        String refused = Poll.until(Duration.ofSeconds(30), "an XML-RPC ping refused for capacity", () -> {
            String out = python("print(server.ping())");
            return out.contains("1100") ? out : null;
        });
        assertThat(refused).isEqualTo("{'status': {'code': 1100, 'message': 'Too many requests: the agent is at"
                + " capacity; try again in 1 s'}}\n");

        Shell.Result rest = curl("-H", "Content-Type: application/json", "-d", "{}",
                agent.uri("/api/v1/rpc/Host.ping2").toString());
        assertThat(rest.out()).contains("HTTP/1.1 503", "Retry-After: 1", "application/problem+json",
                "\"code\":1100", "\"type\":\"urn:hostbridge:error:resourceExhausted\"", "try again in 1 s");

        Shell.Result jsonRpc = curl("-H", "Content-Type: application/json",
                "-d", "{\"jsonrpc\":\"2.0\",\"method\":\"Host.ping2\",\"id\":1}", agent.uri("/api/v1/jsonrpc").toString());
        assertThat(jsonRpc.out()).contains("HTTP/1.1 503", "Retry-After: 1",
                "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":1100,", "\"id\":null}");

        // the held requests were never dropped: each is answered once its body is all there
        for (Socket s : held) {
            OutputStream out = s.getOutputStream();
            out.write("}".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        for (Socket s : held) {
            assertThat(response(s.getInputStream())).startsWith("HTTP/1.1 200").endsWith("\r\n\r\ntrue");
        }
        assertThat(python("print(server.ping()['status']['code'])")).isEqualTo("0\n");
        assertThat(curl("-H", "Content-Type: application/json", "-d", "{}",
                agent.uri("/api/v1/rpc/Host.ping2").toString()).out()).contains("HTTP/1.1 200");
        // the refusals never reached the pipeline (nor its access log), but an operator sees them counted
        String metrics = curl(agent.uri("/api/v1/metrics").toString()).out();
        assertThat(refused(metrics, "xmlrpc")).isGreaterThanOrEqualTo(1);
        assertThat(refused(metrics, "rest")).isGreaterThanOrEqualTo(2);
    }

    private static double refused(String metrics, String route) {
        Matcher m = Pattern.compile("(?m)^hostbridge_http_refused_total\\{[^}]*route=\"" + route + "\"[^}]*} (\\S+)$")
                .matcher(metrics);
        assertThat(m.find()).as("hostbridge_http_refused_total for " + route + " in\n" + metrics).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void eventStreamsDoNotHoldTheListenersCapacity() throws Exception {
        List<SseClient> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) { // more than the two workers and the one waiting place together
                streams.add(new SseClient(agent.uri("/api/v1/events?topics=host.stats"), null));
            }
            assertThat(python("print(server.ping()['status']['code'])")).isEqualTo("0\n");
        } finally {
            for (SseClient s : streams) {
                s.close();
            }
        }
    }

    /** A REST Host.ping2 whose body has not all come: a worker waits for it (or the request waits for a worker). */
    private Socket halfSentPing() throws Exception {
        Socket s = new Socket("127.0.0.1", agent.port());
        s.setSoTimeout(30_000);
        OutputStream out = s.getOutputStream();
        out.write(("POST /api/v1/rpc/Host.ping2 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    /** The status line, the headers and the body (of the length they declare). */
    private static String response(InputStream in) throws Exception {
        byte[] buffer = new byte[8192];
        StringBuilder text = new StringBuilder();
        while (true) {
            int end = text.indexOf("\r\n\r\n");
            if (end >= 0) {
                Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(text.substring(0, end));
                if (length.find() && text.length() >= end + 4 + Integer.parseInt(length.group(1))) {
                    return text.toString();
                }
            }
            int n = in.read(buffer);
            if (n < 0) {
                return text.toString();
            }
            text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
    }

    private static String python(String script) throws Exception {
        String prelude = "import sys, xmlrpc.client\nserver = xmlrpc.client.ServerProxy(sys.argv[1])\n";
        Shell.Result r = Shell.run(List.of("/usr/bin/python3", "-c", prelude + script, agent.uri("/RPC2").toString()),
                60);
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out();
    }

    /** curl with the response's headers in its output, at most 10 s: a queued caller would hit that. */
    private static Shell.Result curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-i", "--max-time", "10"));
        command.addAll(List.of(args));
        Shell.Result r = Shell.run(command, 30);
        assertThat(r.exit()).as(r.err()).isZero();
        return r;
    }
}
