package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * What an operator sees of every call, whichever way it came in: one access-log line each, and the metrics at
 * {@code GET /api/v1/metrics} in Prometheus' text format (read by the Prometheus project's own Python parser).
 */
class OperationsTest {
    @RegisterExtension
    static final AllBindings agent = new AllBindings(Map.of());

    private final ListAppender<ILoggingEvent> accessLog = new ListAppender<>();

    @BeforeEach
    void captureTheAccessLog() {
        accessLog.start();
        Logger logger = (Logger) LoggerFactory.getLogger("hostbridge.access");
        logger.setLevel(Level.INFO);
        logger.addAppender(accessLog);
    }

    @AfterEach
    void release() {
        Logger logger = (Logger) LoggerFactory.getLogger("hostbridge.access");
        logger.detachAppender(accessLog);
        logger.setLevel(null);
    }

    /** The access-log lines so far, waiting up to a deadline until {@code count} of them match {@code part}. */
    private List<String> linesWith(String part, int count) throws Exception {
        return Poll.until(Duration.ofSeconds(10), "access-log lines with " + part, () -> {
            List<String> lines = List.copyOf(accessLog.list).stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(l -> l.contains(part)).toList();
            return lines.size() >= count ? lines : null;
        });
    }

    private static String bindingName(String client) {
        return client.equals("jsonrpc-http") ? "jsonrpc" : client;
    }

    @ParameterizedTest
    @MethodSource("io.hostbridge.tests.AllBindings#bindings")
    void everyBindingsCallsReachTheAccessLog(String binding) throws Exception {
        ConformanceClients.Client client = agent.client(binding);
        client.call("Host.ping2", Map.of());
        client.call("Host.noSuchVerb", Map.of());
        String prefix = "binding=" + bindingName(binding) + " call=";
        // the HTTP clients here are the insecure listener's anonymous admins; the AMQP one logs in with a certificate
        String caller = binding.equals("amqp") ? "CN=conformance,O=hostbridge;serial=[0-9a-f]+" : "anonymous";
        assertThat(linesWith(prefix + "Host.ping2 outcome=ok", 1).get(0))
                .matches(".* ms=\\d+\\.\\d{3} caller=" + caller + " remote=\\S+ flow=\\S+");
        linesWith(prefix + "Host.noSuchVerb outcome=5001", 1);
    }

    /** oVirt's engine sends its correlation id with each STOMP request: it is the call's flow id. */
    @Test
    void stompsCorrelationIdIsTheFlowId() throws Exception {
        try (StompClient stomp = StompClient.plain(agent.agent().port())) {
            stomp.connect("0,0");
            stomp.send("SUBSCRIBE", Map.of("destination", "r", "id", "r"));
            stomp.send("SEND", Map.of("destination", "jms.topic.vdsm_requests", "reply-to", "r",
                    "ovirtCorrelationId", "engine-flow-42"), "{\"jsonrpc\":\"2.0\",\"method\":\"Host.ping2\",\"id\":1}");
            stomp.expect("MESSAGE", Duration.ofSeconds(10));
        }
        assertThat(linesWith("flow=engine-flow-42", 1).get(0)).contains("binding=stomp call=Host.ping2 outcome=ok");
    }

    @Test
    void metricsAreServedInPrometheusTextFormatAndCountCallsPerBinding() throws Exception {
        for (String binding : List.of("rest", "xmlrpc")) {
            agent.client(binding).call("Host.ping2", Map.of());
        }
        Http.Reply reply = Http.get(agent.agent().uri("/api/v1/metrics"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("text/plain").contains("version=0.0.4");
        Shell.Result parsed = Shell.run(List.of("/usr/bin/python3", "-c", String.join("\n",
                "import sys, urllib.request",
                "from prometheus_client.parser import text_string_to_metric_families",
                "text = urllib.request.urlopen(sys.argv[1]).read().decode()",
                "for family in text_string_to_metric_families(text):",
                "    for s in family.samples:",
                "        labels = ','.join(k + '=' + v for k, v in sorted(s.labels.items()))",
                "        print(s.name + '{' + labels + '} ' + repr(s.value))"),
                agent.agent().uri("/api/v1/metrics").toString()), 60);
        assertThat(parsed.exit()).as(parsed.err()).isZero();
        assertThat(parsed.out())
                .containsPattern("hostbridge_calls_seconds_count\\{binding=rest,operation=Host.ping2} [1-9]")
                .containsPattern("hostbridge_calls_seconds_count\\{binding=xmlrpc,operation=Host.ping2} [1-9]")
                .containsPattern("hostbridge_calls_seconds_bucket\\{binding=rest,le=0.001,operation=Host.ping2}")
                .containsPattern("hostbridge_events_subscribers\\{} [1-9]") // the AMQP agent's subscription
                .contains("hostbridge_jobs{status=running} ")
                .contains("hostbridge_transfer_tickets{} 0.0")
                .contains("hostbridge_amqp_connected{} 1.0")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void imageDataRequestsAreCallsTooAndTheirTicketsStayOutOfTheLog() throws Exception {
        String ticket = UUID.randomUUID().toString();
        Shell.Result options = Shell.run(List.of("curl", "-sS", "-X", "OPTIONS",
                "http://127.0.0.1:" + agent.agent().imageioPort() + "/images/*"), 30);
        assertThat(options.exit()).as(options.err()).isZero();
        Shell.Result get = Shell.run(List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
                "http://127.0.0.1:" + agent.agent().imageioPort() + "/images/" + ticket), 30);
        assertThat(get.out()).isEqualTo("403");
        linesWith("binding=imageio call=images.options outcome=ok", 1);
        assertThat(linesWith("binding=imageio call=images.get outcome=forbidden", 1))
                .noneMatch(line -> line.contains(ticket));
    }
}
