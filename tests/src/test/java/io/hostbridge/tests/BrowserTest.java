package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A web page that a browser on the host (or one with a route to it) opens cannot drive the agent: the requests a
 * page may send without asking first — a text/plain POST, a request naming another origin, a DNS-rebound host name
 * — are refused before any call runs. Shown with curl sending exactly what such a browser would.
 */
class BrowserTest {
    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(Map.of("http.allowedOrigins", "https://ui.example"));

    private static Shell.Result curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-o", "/dev/stderr", "-w", "%{http_code}"));
        command.addAll(List.of(args));
        return Shell.run(command, 30);
    }

    @Test
    void aTextPlainPostIsRefusedWith415() throws Exception {
        Shell.Result r = curl("-H", "Content-Type: text/plain", "-d", "{}", agent.uri("/api/v1/rpc/Host.ping2").toString());
        assertThat(r.out()).isEqualTo("415");
        assertThat(r.err()).contains("\"code\":5005", "application/json");
        Shell.Result form = curl("-d", "<methodCall/>", agent.uri("/RPC2").toString()); // curl's default: a form
        assertThat(form.out()).isEqualTo("415");
        assertThat(curl("-H", "Content-Type: application/json; charset=utf-8", "-d", "{}",
                agent.uri("/api/v1/rpc/Host.ping2").toString()).out()).isEqualTo("200");
        assertThat(curl("-X", "POST", agent.uri("/api/v1/rpc/Host.ping2").toString()).out())
                .as("a POST without a body needs no type").isEqualTo("200");
    }

    @Test
    void anOriginNotOnTheAllowListIsRefused() throws Exception {
        Shell.Result r = curl("-H", "Origin: http://evil.example", "-H", "Content-Type: application/json", "-d", "{}",
                agent.uri("/api/v1/rpc/Host.ping2").toString());
        assertThat(r.out()).isEqualTo("403");
        assertThat(r.err()).contains("http://evil.example", "http.allowedOrigins");
        assertThat(curl("-H", "Origin: http://evil.example", agent.uri("/api/v1/events?topics=host.*").toString()).out())
                .isEqualTo("403");
        assertThat(curl("-H", "Origin: https://ui.example", "-H", "Content-Type: application/json", "-d", "{}",
                agent.uri("/api/v1/rpc/Host.ping2").toString()).out()).isEqualTo("200");
    }

    @Test
    void aHostHeaderThatDoesNotNameTheAgentIsRefused() throws Exception {
        Shell.Result r = curl("-H", "Host: evil.example:" + agent.port(), agent.uri("/api/v1/host/capabilities").toString());
        assertThat(r.out()).isEqualTo("403");
        assertThat(r.err()).contains("does not name this agent");
        assertThat(curl("-H", "Host: localhost:" + agent.port(), agent.uri("/api/v1/host/capabilities").toString()).out())
                .isEqualTo("200");
    }
}
