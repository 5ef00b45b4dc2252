package io.hostbridge.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.BridgeException;
import io.hostbridge.api.EventPublisher;
import io.hostbridge.api.spi.HealthCheck;
import io.hostbridge.api.spi.Implementation;
import io.hostbridge.api.spi.Lifecycle;
import io.hostbridge.bridge.Bridge;
import io.hostbridge.bridge.BridgeModule;
import io.hostbridge.bridge.Caller;
import io.hostbridge.bridge.Transport;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.core.CoreModule;
import io.hostbridge.core.CoreSettings;
import io.hostbridge.core.HostIdentity;
import io.hostbridge.core.InjectorTestModule;
import io.hostbridge.core.host.HostModule;
import io.hostbridge.core.host.HostService;
import io.hostbridge.core.host.HostStatsPublisher;
import io.hostbridge.core.jobs.JobSettings;
import io.hostbridge.core.jobs.JobsModule;
import io.hostbridge.core.storage.StorageModule;
import io.hostbridge.core.storage.StorageSettings;
import io.hostbridge.core.transfer.TransferModule;
import io.hostbridge.core.transfer.TransferSettings;
import io.hostbridge.core.vm.VmModule;
import io.hostbridge.core.vm.VmService;
import io.hostbridge.core.vm.VmSettings;
import io.hostbridge.events.Delivery;
import io.hostbridge.events.EventBus;
import io.hostbridge.events.Subscription;
import io.hostbridge.events.SubscriptionSpec;
import io.hostbridge.events.TopicFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The core as the agent assembles it: Core, Host, Jobs, Storage and Vm modules in one injector, used through the bridge. */
@Timeout(60)
class CoreInjectorTest {

    @TempDir
    Path stateDir;

    private InjectorTestModule injector;
    private Bridge bridge;

    @BeforeEach
    void createInjector() {
        CoreSettings settings = CoreSettings.builder().stateDir(stateDir).runDir(stateDir.resolve("run"))
                .statsInterval(Duration.ofMillis(100)).protocols(List.of("rest")).build();
        injector = InjectorTestModule.of(new BridgeModule(1000), new CoreModule(settings), new HostModule(),
                new JobsModule(JobSettings.defaults()), new StorageModule(StorageSettings.defaults()),
                new VmModule(VmSettings.defaults()), new TransferModule(TransferSettings.defaults()));
        bridge = injector.get(Bridge.class);
    }

    @Test
    void imageTicketVerbsNeedAdminAccess() {
        Bridge readOnly = Bridge.builder().model(injector.get(ApiModel.class))
                .implementations(injector.set(Implementation.class)).events(injector.get(EventBus.class))
                .authenticator(transport -> new Caller("reader", AccessLevel.READ)).build();
        Map<String, Map<String, Object>> calls = Map.of(
                "Host.add_image_ticket", Map.of("ticket", Map.of("uuid", "7c1c1ea0-2f8b-4b0b-9d3e-4f51b1a0c001")),
                "Host.get_image_ticket", Map.of("uuid", "7c1c1ea0-2f8b-4b0b-9d3e-4f51b1a0c001"),
                "Host.extend_image_ticket", Map.of("uuid", "7c1c1ea0-2f8b-4b0b-9d3e-4f51b1a0c001", "timeout", 60),
                "Host.remove_image_ticket", Map.of("uuid", "7c1c1ea0-2f8b-4b0b-9d3e-4f51b1a0c001"));
        calls.forEach((verb, params) -> assertThatThrownBy(() -> readOnly.call(TEST, verb, params))
                .isInstanceOfSatisfying(BridgeException.class, e -> {
                    assertThat(e.code()).as(verb).isEqualTo(5003);
                    assertThat(e.getMessage()).contains(verb, "admin");
                }));
    }

    @Test
    void getCapabilitiesThroughTheBridgeNamesTheHost() throws Exception {
        Object result = bridge.call(TEST, "Host.getCapabilities", Map.of());

        String stored = Files.readString(stateDir.resolve("host-id")).strip();
        assertThat(result).isInstanceOfSatisfying(Map.class, caps -> {
            assertThat(caps.get("hostId")).isEqualTo(stored);
            assertThat(caps.get("uuid")).isEqualTo(stored);
            assertThat(caps.get("supportedProtocols")).isEqualTo(List.of("rest"));
            assertThat(map(caps.get("nics"))).containsKey("lo");
        });
        assertThat(injector.get(HostIdentity.class).hostId()).isEqualTo(stored);
        assertThat(injector.get(EventBus.class).hostId()).isEqualTo(stored);
    }

    @Test
    void everyHostVerbAnswersThroughTheBridge() {
        assertThat(bridge.call(TEST, "Host.ping2", Map.of())).isNull();
        assertThat(map(bridge.call(TEST, "Host.getStats", Map.of())))
                .containsKeys("cpuIdle", "memUsed", "network", "sampleInterval");
        assertThat(bridge.call(TEST, "Host.getHardwareInfo", Map.of())).isInstanceOf(Map.class);
        assertThat(bridge.call(TEST, "Host.getHealth", Map.of())).isInstanceOfSatisfying(Map.class, health -> {
            // libvirt's check is unhealthy here: the lifecycles (its connection) are not started
            assertThat(map(map(health.get("checks")).get("stateDir")).get("healthy")).isEqualTo(true);
            assertThat(map(health.get("checks"))).containsKey("libvirt");
        });
    }

    @Test
    void contributionsAndSingletonsAreWired() {
        Set<Implementation> implementations = injector.set(Implementation.class);
        Set<Lifecycle> lifecycles = injector.set(Lifecycle.class);
        Set<HealthCheck> checks = injector.set(HealthCheck.class);

        assertThat(implementations).filteredOn(i -> i.api() == io.hostbridge.api.host.HostApi.class).singleElement()
                .satisfies(i -> assertThat(i.target()).isSameAs(injector.get(HostService.class)));
        assertThat(implementations).extracting(Implementation::target).contains(injector.get(VmService.class));
        assertThat(implementations).extracting(Implementation::api).hasSameElementsAs(
                injector.get(ApiModel.class).verbs().values().stream().map(v -> v.method().getDeclaringClass())
                        .distinct().toList()).hasSize(23);
        assertThat(lifecycles).contains(injector.get(HostStatsPublisher.class),
                injector.get(io.hostbridge.core.jobs.JobManager.class)).hasSize(10);
        assertThat(lifecycles).extracting(Lifecycle::name).contains("image tickets", "NBD servers");
        assertThat(checks).extracting(HealthCheck::name).containsExactlyInAnyOrder("stateDir", "libvirt");
        assertThat(injector.get(EventPublisher.class)).isSameAs(injector.get(EventPublisher.class));
    }

    @Test
    void coreModuleAloneDeclaresEmptyContributionSets() {
        InjectorTestModule core = InjectorTestModule.of(new BridgeModule(1000), new CoreModule(CoreSettings.builder().stateDir(stateDir).build()));

        // the bridge's own: data streams end at stop
        assertThat(core.set(Lifecycle.class)).extracting(Lifecycle::name).containsExactly("data streams");
        assertThat(core.set(HealthCheck.class)).isEmpty();
        assertThat(core.set(Implementation.class)).isEmpty();
    }

    @Test
    void startedLifecyclesPublishStatsThatPollersGetThroughGetEvents() throws Exception {
        Set<Lifecycle> lifecycles = injector.set(Lifecycle.class);
        EventBus bus = injector.get(EventBus.class);
        long before = bus.lastSeq();
        List<Long> seen = new ArrayList<>();
        try (Subscription subscription = bus.subscribe(SubscriptionSpec.live(TopicFilter.parse("host.#"), 10))) {
            lifecycles.forEach(CoreInjectorTest::start);
            try {
                long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (seen.size() < 3 && System.nanoTime() < end) {
                    Optional<Delivery> delivery = subscription.poll(Duration.ofMillis(200));
                    delivery.filter(Delivery.Published.class::isInstance).map(Delivery::seq).ifPresent(seen::add);
                }
            } finally {
                lifecycles.forEach(Lifecycle::stop);
            }
        }
        assertThat(seen).hasSize(3);

        Map<String, Object> params = new HashMap<>();
        params.put("afterSeq", before);
        params.put("topics", "host.stats");
        params.put("limit", 2);
        Object page = bridge.call(TEST, "Host.getEvents", params);

        assertThat(page).isInstanceOfSatisfying(Map.class, p -> {
            assertThat(p.get("more")).isEqualTo(true);
            assertThat(p.get("gap")).isNull();
            assertThat((List<?>) p.get("events")).hasSize(2).allSatisfy(e -> {
                Map<?, ?> event = (Map<?, ?>) e;
                assertThat(event.get("topic")).isEqualTo("host.stats");
                assertThat(map(event.get("payload"))).containsKey("cpuIdle");
            });
            assertThat(((Map<?, ?>) ((List<?>) p.get("events")).get(0)).get("seq")).isEqualTo(seen.get(0));
        });
    }

    @Test
    void anInvalidTopicsPatternIsError5002NamingTopics() {
        assertThatThrownBy(() -> bridge.call(TEST, "Host.getEvents", Map.of("topics", "vm.*x")))
                .isInstanceOfSatisfying(BridgeException.class, e -> {
                    assertThat(e.code()).isEqualTo(5002);
                    assertThat(e.parameter()).isEqualTo("topics");
                    assertThat(e.getMessage()).contains("'topics'");
                });
    }

    @Test
    void eventNumbersContinueAfterARestartOnTheSameStateDir() {
        EventBus first = injector.get(EventBus.class);
        long last = first.publish("host.stats", "x", null).seq();

        InjectorTestModule restarted = InjectorTestModule.of(
                new BridgeModule(1000), new CoreModule(CoreSettings.builder().stateDir(stateDir).build()), new HostModule(),
                new JobsModule(JobSettings.defaults()), new StorageModule(StorageSettings.defaults()),
                new VmModule(VmSettings.defaults()));
        EventBus second = restarted.get(EventBus.class);

        assertThat(second.hostId()).isEqualTo(first.hostId());
        assertThat(second.publish("host.stats", "x", null).seq()).isGreaterThan(last);
    }

    private static void start(Lifecycle lifecycle) {
        try {
            lifecycle.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static final Transport TEST = Transport.of("test", "", null);
}
