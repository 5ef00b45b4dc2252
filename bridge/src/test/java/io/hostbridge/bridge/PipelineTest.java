package io.hostbridge.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.spi.Implementation;
import io.hostbridge.api.transfer.TransferException;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.events.EventBusSettings;
import io.hostbridge.events.InMemoryEventBus;
import io.hostbridge.events.InMemorySequenceAllocator;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What every call passes, whatever its binding: identity, flow id, access log, metrics, error ids, access check. */
class PipelineTest {
    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private final SampleService service = new SampleService();
    private final Metrics metrics = Metrics.standalone();
    private final ListAppender<ILoggingEvent> accessLog = new ListAppender<>();
    private final ListAppender<ILoggingEvent> errorLog = new ListAppender<>();
    private final Bridge bridge = bridge(transport -> transport.remote().startsWith("reader")
            ? new Caller("bob", AccessLevel.READ) : new Caller("alice", AccessLevel.ADMIN));

    private Bridge bridge(Authenticator authenticator) {
        return Bridge.builder().model(ApiModel.read("0.1.0", List.of(SampleApi.class)))
                .implementation(Implementation.of(SampleApi.class, service))
                .events(new InMemoryEventBus(UUID.randomUUID().toString(), EventBusSettings.defaults(),
                        new InMemorySequenceAllocator(), Clock.systemUTC()))
                .authenticator(authenticator).metrics(metrics).build();
    }

    @BeforeEach
    void capture() {
        accessLog.start();
        errorLog.start();
        Logger access = (Logger) LoggerFactory.getLogger("hostbridge.access");
        access.setLevel(ch.qos.logback.classic.Level.INFO);
        access.addAppender(accessLog);
        ((Logger) LoggerFactory.getLogger(ErrorIds.class)).addAppender(errorLog);
    }

    @AfterEach
    void release() {
        Logger access = (Logger) LoggerFactory.getLogger("hostbridge.access");
        access.detachAppender(accessLog);
        access.setLevel(null);
        ((Logger) LoggerFactory.getLogger(ErrorIds.class)).detachAppender(errorLog);
    }

    private static Transport from(String remote, String flowId) {
        return Transport.of("test", remote, flowId);
    }

    private List<String> accessLines() {
        return accessLog.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
    }

    @Test
    void everyCallLeavesOneAccessLogLineWithoutItsParameters() {
        bridge.call(from("10.0.0.1:4242", "flow-7"), "Sample.any", Map.of("value", 1, "password", "hunter2"));
        assertThat(accessLines()).singleElement().asString()
                .matches("binding=test call=Sample.any outcome=ok ms=\\d+\\.\\d{3} caller=alice remote=10.0.0.1:4242 flow=flow-7")
                .doesNotContain("hunter2");
    }

    @Test
    void refusedAndUnknownCallsAreLoggedAndCountedToo() {
        assertThatThrownBy(() -> bridge.call(from("reader:1", null), "Sample.create",
                Map.of("vmID", UUID.randomUUID().toString(), "vmParams", Map.of())))
                .isInstanceOfSatisfying(BridgeException.class,
                        e -> assertThat(e.error()).isEqualTo(ErrorCode.ACCESS_DENIED));
        assertThat(service.creates).hasValue(0);
        assertThatThrownBy(() -> bridge.call(from("x", null), "No.such\nverb", Map.of()))
                .isInstanceOfSatisfying(BridgeException.class, e -> assertThat(e.error()).isEqualTo(ErrorCode.UNKNOWN_VERB));
        assertThat(accessLines()).hasSize(2);
        assertThat(accessLines().get(0)).contains("call=Sample.create outcome=5003", "caller=bob");
        assertThat(accessLines().get(1)).contains("call=No.such?verb outcome=5001");
        String scrape = metrics.scrape();
        assertThat(scrape).contains("hostbridge_call_errors_total{binding=\"test\",code=\"5003\",operation=\"Sample.create\"} 1.0")
                .contains("hostbridge_call_errors_total{binding=\"test\",code=\"5001\",operation=\"unknown\"} 1.0")
                .doesNotContain("No.such");
    }

    @Test
    void callsAreCountedAndTimedPerOperationAndBinding() {
        for (int i = 0; i < 3; i++) {
            bridge.call(from("x", null), "Sample.add", Map.of("a", i));
        }
        bridge.call(Transport.of("other", "x", null), "Sample.add", Map.of("a", 1));
        String scrape = metrics.scrape();
        assertThat(scrape).contains("hostbridge_calls_seconds_count{binding=\"test\",operation=\"Sample.add\"} 3")
                .contains("hostbridge_calls_seconds_count{binding=\"other\",operation=\"Sample.add\"} 1")
                .contains("hostbridge_calls_seconds_bucket{binding=\"test\",operation=\"Sample.add\",le=\"0.001\"}")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void aFlowIdFitForALogLineIsKeptAndAnOddOneReplaced() {
        bridge.call(from("x", "manager-42:abc"), "Sample.nothing", Map.of());
        bridge.call(from("x", "x".repeat(CallContext.MAX_FLOW_ID)), "Sample.nothing", Map.of());
        for (String odd : new String[] {null, "", "  ", "x".repeat(CallContext.MAX_FLOW_ID + 1), "two words",
                "line\nbreak", "caf\u00e9"}) {
            bridge.call(from("x", odd), "Sample.nothing", Map.of());
        }
        List<String> flows = accessLines().stream().map(l -> l.substring(l.indexOf("flow=") + 5)).toList();
        assertThat(flows.get(0)).isEqualTo("manager-42:abc");
        assertThat(flows.get(1)).hasSize(CallContext.MAX_FLOW_ID);
        assertThat(flows.subList(2, flows.size())).hasSize(7).allMatch(f -> f.matches(UUID_PATTERN));
    }

    @Test
    void aFailureWithACauseKeepsItsCodeAndLogsTheCauseUnderAnErrorId() {
        assertThatThrownBy(() -> bridge.call(from("x", "f1"), "Sample.fail", Map.of("how", "io")))
                .isInstanceOfSatisfying(BridgeException.class, e -> {
                    assertThat(e.error()).isEqualTo(ErrorCode.VOLUME_COPY_ERROR);
                    assertThat(e.errorId()).matches(UUID_PATTERN);
                    assertThat(e.getMessage()).startsWith("Copy failed").contains(e.errorId())
                            .doesNotContain("/var/lib");
                    assertThat(errorLog.list).singleElement().satisfies(line -> {
                        assertThat(line.getFormattedMessage()).contains(e.errorId(), "Sample.fail", "flow f1");
                        assertThat(line.getThrowableProxy().getMessage()).contains("/var/lib/secret");
                    });
                    assertThat(accessLines()).singleElement().asString().endsWith("error=" + e.errorId());
                });
    }

    @Test
    void anUnexpectedFailureIsCode100WithAnErrorIdOnly() {
        assertThatThrownBy(() -> bridge.call(from("x", null), "Sample.fail", Map.of("how", "internal")))
                .isInstanceOfSatisfying(BridgeException.class, e -> {
                    assertThat(e.error()).isEqualTo(ErrorCode.GENERAL);
                    assertThat(e.getMessage()).contains(e.errorId()).doesNotContain("secret");
                    assertThat(accessLines()).singleElement().asString().contains("outcome=100", "error=" + e.errorId());
                });
    }

    @Test
    void aCallWhoseWorkTheBindingDoesEndsThroughTheSameStages() {
        OpenCall ok = bridge.open(from("x", "up-1"), "images.put", null);
        assertThat(ok.context().principal()).isEqualTo("alice");
        ok.succeeded();
        OpenCall failing = bridge.open(from("reader:2", null), "images.get", null);
        RuntimeException reported = failing.failed(TransferException.failed(new IOException("EIO on /dev/sdb")));
        assertThat(reported).isInstanceOfSatisfying(TransferException.class, e -> {
            assertThat(e.errorId()).matches(UUID_PATTERN);
            assertThat(e.getMessage()).doesNotContain("/dev/sdb");
        });
        assertThat(accessLines()).hasSize(2);
        assertThat(accessLines().get(0)).contains("call=images.put outcome=ok", "flow=up-1");
        assertThat(accessLines().get(1)).contains("call=images.get outcome=failed", "caller=bob");
        assertThatThrownBy(() -> bridge.open(from("reader:3", null), "images.admin", AccessLevel.ADMIN))
                .isInstanceOfSatisfying(BridgeException.class, e -> assertThat(e.error()).isEqualTo(ErrorCode.ACCESS_DENIED));
    }

    @Test
    void subscribingPassesThePipelineAsAReadCall() {
        Bridge nobody = bridge(transport -> new Caller("nobody", AccessLevel.READ));
        nobody.subscribe(from("x", null), "sample.#", null).close();
        assertThat(accessLines()).singleElement().asString().contains("call=events.subscribe outcome=ok", "caller=nobody");
    }

    @Test
    void aCallerWithoutAccessCannotSubscribe() {
        Bridge stranger = bridge(transport -> new Caller("stranger", AccessLevel.NONE));
        assertThatThrownBy(() -> stranger.subscribe(from("x", null), "sample.#", null))
                .isInstanceOfSatisfying(BridgeException.class, e -> {
                    assertThat(e.error()).isEqualTo(ErrorCode.ACCESS_DENIED);
                    assertThat(e.getMessage()).contains("events.subscribe", "read", "stranger");
                });
        assertThat(accessLines()).singleElement().asString().contains("call=events.subscribe outcome=5003", "caller=stranger");
    }
}
