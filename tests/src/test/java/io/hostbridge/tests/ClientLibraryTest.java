package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.host.EventPage;
import io.hostbridge.api.host.HostApi;
import io.hostbridge.api.host.HostCapabilities;
import io.hostbridge.api.storage.HostStorageApi;
import io.hostbridge.api.vm.VmApi;
import io.hostbridge.api.vm.VmInfo;
import io.hostbridge.api.vm.VmParams;
import io.hostbridge.api.vm.VmStats;
import io.hostbridge.api.vm.VmStatus;
import io.hostbridge.api.vm.VmStatusEvent;
import io.hostbridge.api.vm.VmStreamApi;
import io.hostbridge.client.Event;
import io.hostbridge.client.HostbridgeClient;
import io.hostbridge.client.HostbridgeException;
import io.hostbridge.client.Subscription;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The typed Java client library against the real agent, over each of its ways in: HTTP on the local unix socket and
 * over TLS with a client certificate, AMQP through the embedded broker, and STOMP on the socket and over TLS. The same
 * calls, results, errors and events on each.
 */
class ClientLibraryTest {
    private static final String BROKER_PORT = AmqpSupport.freePort();
    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(Map.of("http.insecure", "false", "amqp.enabled", "true",
            "broker.port", BROKER_PORT));
    private static Path certs;
    private static String hostId;
    private static final Map<String, HostbridgeClient> CLIENTS = new java.util.HashMap<>();

    @BeforeAll
    static void certificates() throws Exception {
        certs = AmqpSupport.issue(agent, "admin", AccessLevel.ADMIN, agent.stateDir().resolveSibling("client-certs"));
        AmqpSupport.issue(agent, "reader", AccessLevel.READ, certs);
        try (HostbridgeClient local = HostbridgeClient.builder().unixSocket(agent.socket()).build()) {
            hostId = local.api(HostApi.class).getCapabilities().hostId();
            // the AMQP agent's request address exists once it is connected to its broker
            Poll.until(Duration.ofSeconds(30), "the AMQP agent connected", () ->
                    local.api(HostApi.class).getHealth().checks().get("amqp").healthy() ? true : null);
        }
    }

    @AfterAll
    static void closeClients() {
        CLIENTS.values().forEach(HostbridgeClient::close);
    }

    private static HostbridgeClient client(String way) {
        return CLIENTS.computeIfAbsent(way, w -> connect(w, "admin"));
    }

    private static HostbridgeClient connect(String way, String name) {
        HostbridgeClient.Builder builder = HostbridgeClient.builder().timeout(Duration.ofSeconds(30));
        Path cert = certs.resolve(name + ".pem");
        Path key = certs.resolve(name + "-key.pem");
        return switch (way) {
            case "unix" -> builder.unixSocket(agent.socket()).build();
            case "stomp-unix" -> builder.unixSocket(agent.socket()).stomp().build();
            case "stomp-tls" -> builder.https(URI.create("https://localhost:" + agent.port()), certs.resolve("ca.pem"),
                    cert, key).stomp().build();
            case "https" -> builder.https(URI.create("https://localhost:" + agent.port()), certs.resolve("ca.pem"), cert,
                    key).build();
            case "amqp" -> builder.amqp(URI.create("amqps://localhost:" + BROKER_PORT), hostId, certs.resolve("ca.pem"),
                    cert, key).build();
            default -> throw new IllegalArgumentException(way);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"unix", "https", "amqp", "stomp-unix", "stomp-tls"})
    void typedCallsResultsAndErrors(String way) throws Exception {
        HostbridgeClient client = client(way);
        HostCapabilities caps = client.api(HostApi.class).getCapabilities();
        assertThat(caps.hostId()).isEqualTo(hostId);
        client.api(HostApi.class).ping2();

        VmApi vms = client.api(VmApi.class);
        UUID id = UUID.randomUUID();
        VmInfo created = vms.create(id, new VmParams(null, "client-" + way, 256, 2, null, null, null, null, null, null,
                Map.of("owner", "client-test"), null, null, null, null, null, null));
        assertThat(created.vmId()).isEqualTo(id);
        assertThat(created.status()).isEqualTo(VmStatus.WAIT_FOR_LAUNCH);
        VmInfo up = Poll.until(Duration.ofSeconds(30), "VM Up", () -> {
            VmInfo info = vms.getInfo(id);
            return info.status() == VmStatus.UP ? info : null;
        });
        assertThat(up.smp()).isEqualTo(2);
        assertThat(up.custom()).containsEntry("owner", "client-test");
        List<VmStats> stats = vms.getStats(id);
        assertThat(stats).singleElement().satisfies(s -> assertThat(s.vmId()).isEqualTo(id));
        vms.pause(id);
        assertThat(vms.getInfo(id).status()).isEqualTo(VmStatus.PAUSED);
        vms.cont(id);
        vms.destroy(id);

        HostbridgeException noVm = catchThrowableOfType(HostbridgeException.class, () -> vms.getInfo(id));
        assertThat(noVm.code()).isEqualTo(1);
        assertThat(noVm.error()).contains(ErrorCode.NO_VM);
        assertThat(noVm.kind()).isEqualTo(ErrorCode.Kind.NOT_FOUND);

        HostbridgeException invalid = catchThrowableOfType(HostbridgeException.class,
                () -> client.api(HostApi.class).getEvents(null, null, 0));
        assertThat(invalid.error()).contains(ErrorCode.INVALID_PARAMETER);
        assertThat(invalid.parameter()).contains("limit");

        // any verb by name, the result as plain values
        assertThat(client.call("Host.getStorageDomains", Map.of())).isInstanceOf(List.class);
        assertThat(client.api(HostStorageApi.class).getStorageDomains(null, null, null)).isNotNull();
        assertThatThrownBy(() -> client.api(VmStreamApi.class).screenshot(id, 0))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("StreamRef");
    }

    /** The certificate's access level holds for the library's calls as for any other caller's. */
    @ParameterizedTest
    @ValueSource(strings = {"https", "amqp", "stomp-tls"})
    void aReaderMayReadButNotWrite(String way) {
        try (HostbridgeClient reader = connect(way, "reader")) {
            assertThat(reader.api(HostApi.class).getCapabilities().hostId()).isEqualTo(hostId);
            HostbridgeException denied = catchThrowableOfType(HostbridgeException.class,
                    () -> reader.api(VmApi.class).destroy(UUID.randomUUID()));
            assertThat(denied.error()).contains(ErrorCode.ACCESS_DENIED);
            assertThat(denied.kind()).isEqualTo(ErrorCode.Kind.DENIED);
        }
    }

    /**
     * A subscription that starts after a sequence number gets what happened since (the agent's replay), then the
     * live events, each once and in order, with typed payloads.
     */
    @ParameterizedTest
    @ValueSource(strings = {"unix", "https", "amqp", "stomp-unix"})
    void eventsResumeFromASequenceNumberThenFollowLive(String way) throws Exception {
        HostbridgeClient client = client(way);
        EventPage before = client.api(HostApi.class).getEvents(null, "vm.status", 1);
        UUID id = UUID.randomUUID();
        VmApi vms = client.api(VmApi.class);
        vms.create(id, new VmParams(null, "events-" + way, 256, null, null, null, null, null, null, null, null, null, null, null, null, null, null));
        Poll.until(Duration.ofSeconds(30), "VM Up", () -> vms.getInfo(id).status() == VmStatus.UP ? true : null);

        BlockingQueue<Event> received = new LinkedBlockingQueue<>();
        try (Subscription subscription = client.events("vm.*", before.lastSeq(), received::add)) {
            List<VmStatusEvent> mine = new ArrayList<>();
            List<Long> seqs = new ArrayList<>();
            // replayed: the VM's way up, which happened before the subscription
            while (mine.stream().noneMatch(e -> e.status() == VmStatus.UP)) {
                Event event = received.poll(30, TimeUnit.SECONDS);
                assertThat(event).as("replayed vm.status events").isNotNull();
                seqs.add(event.seq());
                if (event.topic().equals("vm.status") && event.payload(VmStatusEvent.class).vmId().equals(id)) {
                    mine.add(event.payload(VmStatusEvent.class));
                }
            }
            // live: its end, after the subscription
            vms.destroy(id);
            while (mine.stream().noneMatch(e -> e.status() == VmStatus.DOWN)) {
                Event event = received.poll(30, TimeUnit.SECONDS);
                assertThat(event).as("live vm.status events").isNotNull();
                seqs.add(event.seq());
                if (event.topic().equals("vm.status") && event.payload(VmStatusEvent.class).vmId().equals(id)) {
                    mine.add(event.payload(VmStatusEvent.class));
                }
            }
            assertThat(seqs).isSorted().doesNotHaveDuplicates();
            assertThat(seqs.get(0)).isGreaterThan(before.lastSeq());
            assertThat(subscription.lastSeq()).isEqualTo(seqs.get(seqs.size() - 1));
            assertThat(subscription.failure()).isEmpty();
        }
    }

    /** Topics the agent refuses: an error at once, or (resuming) the subscription ends with it, not an endless retry. */
    @Test
    void aRefusedSubscriptionSaysWhy() throws Exception {
        HostbridgeException atOnce = catchThrowableOfType(HostbridgeException.class,
                () -> client("unix").events("vm.st#tus", null, e -> { }));
        assertThat(atOnce.error()).contains(ErrorCode.INVALID_PARAMETER);
        try (Subscription subscription = client("unix").events("vm.st#tus", 0L, e -> { })) {
            HostbridgeException failure = Poll.until(Duration.ofSeconds(10), "the refusal",
                    () -> subscription.failure().orElse(null));
            assertThat(failure.error()).contains(ErrorCode.INVALID_PARAMETER);
        }
    }
}
