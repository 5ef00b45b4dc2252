package io.hostbridge.tests;

import static io.hostbridge.tests.AllBindings.number;
import static io.hostbridge.tests.ConformanceClients.ordered;
import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.tests.ConformanceClients.Client;
import io.hostbridge.tests.ConformanceClients.ReceivedEvent;
import io.hostbridge.tests.ConformanceClients.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One scenario suite, run through every binding — REST, JSON-RPC over HTTP, XML-RPC and AMQP — against one
 * agent: the four must agree on results, error codes and the parameter an error names, and all must deliver
 * events.
 */
class ConformanceTest {
    @RegisterExtension
    static final AllBindings agent = new AllBindings(Map.of());

    static Stream<String> bindings() {
        return AllBindings.callers();
    }

    private static Client client(String binding) throws Exception {
        return agent.client(binding);
    }

    /** Host.echo logs the caller's words and answers them, on every binding. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void echoAnswersTheMessage(String binding) throws Exception {
        String message = "mark from " + binding + " " + UUID.randomUUID();
        Reply reply = client(binding).call("Host.echo", Map.of("message", message));
        assertThat(reply.ok()).as(reply.toString()).isTrue();
        assertThat(reply.result()).isEqualTo(message);
        assertThat(client(binding).call("Host.echo", Map.of()).code()).as("the message is required").isIn(11, 5002);
    }

    /** Host.setLogLevel takes VDSM's level names on every binding and names a bad logger name (LogLevelTest: effect). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void setLogLevelTakesVdsmsLevels(String binding) throws Exception {
        String logger = "io.hostbridge.tests.conformance." + binding.replace('-', '_');
        for (String level : List.of("DEBUG", "INFO", "WARNING", "WARN", "ERROR", "CRITICAL", "CRIT")) {
            Reply reply = client(binding).call("Host.setLogLevel", ordered("level", level, "name", logger));
            assertThat(reply.ok()).as(level + ": " + reply).isTrue();
        }
        Reply bad = client(binding).call("Host.setLogLevel", ordered("level", "INFO", "name", "no spaces"));
        assertThat(bad.code()).isEqualTo(5002);
        assertThat(bad.message()).contains("'name'");
        assertThat(client(binding).call("Host.setLogLevel", ordered("level", "NOISY")).code()).isEqualTo(5002);
    }

    /** Host.getNetworkStatistics: the loopback's counters, as the kernel has them (it only grows). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    @SuppressWarnings("unchecked")
    void networkStatisticsCountTheInterfaces(String binding) throws Exception {
        long before = Long.parseLong(java.nio.file.Files.readString(java.nio.file.Path.of(
                "/sys/class/net/lo/statistics/rx_bytes")).strip());
        Reply reply = client(binding).call("Host.getNetworkStatistics", Map.of());
        assertThat(reply.ok()).as(reply.toString()).isTrue();
        Map<String, Object> lo = (Map<String, Object>) ((Map<String, Object>) reply.map().get("network")).get("lo");
        assertThat(lo).containsEntry("name", "lo");
        assertThat(number(lo.get("rx"))).isGreaterThanOrEqualTo(before);
        assertThat(number(reply.map().get("txDropped"))).isGreaterThanOrEqualTo(0);
        assertThat(((Number) lo.get("sampleTime")).doubleValue()).isPositive();
    }

    /** Host.setKsmTune writes the kernel's KSM files (the value each already has, so the host is left as it was). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void setKsmTuneWritesTheKernelsSettings(String binding) throws Exception {
        java.nio.file.Path ksm = java.nio.file.Path.of("/sys/kernel/mm/ksm");
        int sleep = Integer.parseInt(java.nio.file.Files.readString(ksm.resolve("sleep_millisecs")).strip());
        int pages = Integer.parseInt(java.nio.file.Files.readString(ksm.resolve("pages_to_scan")).strip());
        try {
            Reply reply = client(binding).call("Host.setKsmTune", ordered("tuningParams", ordered("sleep_millisecs",
                    sleep + 7, "pages_to_scan", pages)));
            assertThat(reply.ok()).as(reply.toString()).isTrue();
            assertThat(java.nio.file.Files.readString(ksm.resolve("sleep_millisecs")).strip())
                    .isEqualTo(Integer.toString(sleep + 7));
        } finally {
            java.nio.file.Files.writeString(ksm.resolve("sleep_millisecs"), Integer.toString(sleep));
        }
        Reply none = client(binding).call("Host.setKsmTune", ordered("tuningParams", Map.of()));
        assertThat(none.code()).isEqualTo(5002);
        assertThat(client(binding).call("Host.setKsmTune", ordered("tuningParams", ordered("run", 3))).code())
                .isEqualTo(5002);
    }

    /** Host.getNetworkCapabilities: this host's physical NICs, as sysfs has them. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    @SuppressWarnings("unchecked")
    void networkCapabilitiesNameTheNics(String binding) throws Exception {
        Reply reply = client(binding).call("Host.getNetworkCapabilities", Map.of());
        assertThat(reply.ok()).as(reply.toString()).isTrue();
        Map<String, Object> nics = (Map<String, Object>) reply.map().get("nics");
        try (var entries = java.nio.file.Files.list(java.nio.file.Path.of("/sys/class/net"))) {
            entries.filter(p -> java.nio.file.Files.exists(p.resolve("device"))
                    && !java.nio.file.Files.isDirectory(p.resolve("bridge"))).forEach(p ->
                    assertThat(nics).containsKey(p.getFileName().toString()));
        }
        assertThat(nics).doesNotContainKey("lo");
        assertThat(reply.map().get("supportsIPv6")).isInstanceOf(Boolean.class);
    }

    /** Host.getDeviceList: this host's disks as sysfs has them (vda here: a virtio disk). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    @SuppressWarnings("unchecked")
    void deviceListHasTheHostsDisks(String binding) throws Exception {
        Reply reply = client(binding).call("Host.getDeviceList", Map.of());
        assertThat(reply.ok()).as(reply.toString()).isTrue();
        List<Map<String, Object>> disks = (List<Map<String, Object>>) reply.result();
        try (var entries = java.nio.file.Files.list(java.nio.file.Path.of("/sys/block"))) {
            for (java.nio.file.Path p : entries.toList()) {
                String name = p.getFileName().toString();
                if (name.matches("(loop|ram|zram|nbd).*")) {
                    assertThat(disks).noneSatisfy(d -> assertThat(d.get("name")).isEqualTo(name));
                } else {
                    long size = Long.parseLong(java.nio.file.Files.readString(p.resolve("size")).strip()) * 512;
                    assertThat(disks).anySatisfy(d -> {
                        assertThat(d.get("name")).isEqualTo(name);
                        assertThat(number(d.get("capacity"))).isEqualTo(size);
                    });
                }
            }
        }
    }

    /** Host.hostdevListByCaps from libvirt's node devices (the test driver has a few). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    @SuppressWarnings("unchecked")
    void hostDevicesComeFromLibvirt(String binding) throws Exception {
        Reply all = client(binding).call("Host.hostdevListByCaps", Map.of());
        assertThat(all.ok()).as(all.toString()).isTrue();
        Map<String, Object> computer = (Map<String, Object>) ((Map<String, Object>) all.map().get("computer"))
                .get("params");
        assertThat(computer).containsEntry("capability", "system");
        Reply scsi = client(binding).call("Host.hostdevListByCaps", ordered("caps", List.of("scsi_host")));
        assertThat(scsi.map()).isNotEmpty().doesNotContainKey("computer");
        assertThat(scsi.map().values()).allSatisfy(d -> assertThat(((Map<String, Object>) ((Map<String, Object>) d)
                .get("params"))).containsEntry("capability", "scsi_host"));
        Reply bad = client(binding).call("Host.hostdevListByCaps", ordered("caps", List.of("../x")));
        assertThat(bad.code()).isEqualTo(5002);
        assertThat(bad.message()).contains("caps[0]");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void capabilitiesNameThisHost(String binding) throws Exception {
        Reply reply = client(binding).call("Host.getCapabilities", Map.of());
        assertThat(reply.ok()).as(reply.toString()).isTrue();
        Map<String, Object> caps = reply.map();
        assertThat(caps.get("hostId")).isEqualTo(agent.hostId());
        assertThat(number(caps.get("cpuCores"))).isPositive();
        assertThat(number(caps.get("memSize"))).isPositive();
        assertThat((List<?>) caps.get("supportedProtocols")).map(String::valueOf)
                .contains("rest", "jsonrpc", "xmlrpc", "amqp");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void statsDescribeTheHost(String binding) throws Exception {
        Map<String, Object> stats = client(binding).call("Host.getStats", Map.of()).map();
        assertThat(number(stats.get("memTotal"))).isPositive();
        assertThat(((Number) stats.get("cpuIdle")).doubleValue()).isBetween(0.0, 100.0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void pingAnswers(String binding) throws Exception {
        assertThat(client(binding).call("Host.ping2", Map.of()).ok()).isTrue();
        assertThat(client(binding).call("Host.ping", Map.of()).ok()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void unknownVerbIs5001(String binding) throws Exception {
        Reply reply = client(binding).call("No.suchVerb", Map.of());
        assertThat(reply.code()).isEqualTo(5001);
        assertThat(reply.message()).contains("No.suchVerb");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void outOfRangeParamIs5002NamingIt(String binding) throws Exception {
        Reply reply = client(binding).call("Host.getEvents", ordered("afterSeq", 0, "topics", "#", "limit", 0));
        assertThat(reply.code()).isEqualTo(5002);
        assertThat(reply.message()).contains("'limit'", "below the minimum 1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void wrongTypeIs5002NamingIt(String binding) throws Exception {
        Reply reply = client(binding).call("Host.getEvents", ordered("afterSeq", "soon"));
        assertThat(reply.code()).isEqualTo(5002);
        assertThat(reply.message()).contains("'afterSeq'", "expected long");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void badTopicPatternIs5002NamingIt(String binding) throws Exception {
        Reply reply = client(binding).call("Host.getEvents", ordered("afterSeq", 0, "topics", "host..stats"));
        assertThat(reply.code()).isEqualTo(5002);
        assertThat(reply.message()).contains("topics");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void extraParamIs5002(String binding) throws Exception {
        Reply reply = client(binding).call("Host.ping2", ordered("bogus", 1));
        assertThat(reply.code()).isEqualTo(5002);
        assertThat(reply.message()).containsAnyOf("'bogus'", "takes at most 0 parameters");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void eventsArriveWithTheSameEnvelope(String binding) throws Exception {
        ReceivedEvent event = client(binding).nextEvent("host.stats", Duration.ofSeconds(10));
        assertThat(event.topic()).isEqualTo("host.stats");
        assertThat(event.hostId()).isEqualTo(agent.hostId());
        assertThat(event.seq()).isPositive();
        assertThat(number(((Map<?, ?>) event.payload()).get("memTotal"))).isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void pollingGivesEventsInSequenceOrder(String binding) throws Exception {
        client(binding).nextEvent("host.stats", Duration.ofSeconds(10)); // at least one event exists
        Reply reply = client(binding).call("Host.getEvents", ordered("afterSeq", 0, "topics", "host.#", "limit", 5));
        List<?> events = (List<?>) reply.map().get("events");
        assertThat(events).isNotEmpty();
        List<Long> seqs = events.stream().map(e -> number(((Map<?, ?>) e).get("seq"))).toList();
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
        assertThat(number(reply.map().get("lastSeq"))).isGreaterThanOrEqualTo(seqs.get(seqs.size() - 1));
    }
}
