package io.hostbridge.core.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hostbridge.api.ApiCatalog;
import io.hostbridge.api.host.HostCapabilities;
import io.hostbridge.api.host.NicInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Capabilities compared with what the machine itself says, the way an operator would check them. */
class HostCapabilitiesTest {

    @TempDir
    static Path stateDir;

    private static HostServiceFixture host;
    private static HostCapabilities caps;

    @BeforeAll
    static void readCapabilities() {
        host = new HostServiceFixture(stateDir);
        caps = host.service.getCapabilities();
    }

    @Test
    void identityIsTheStoredHostId() throws Exception {
        String stored = Files.readString(stateDir.resolve("host-id")).strip();
        assertThat(caps.hostId()).isEqualTo(stored);
        assertThat(caps.uuid()).isEqualTo(stored);
    }

    @Test
    void cpuMatchesTheMachine() throws Exception {
        assertThat(caps.cpuThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(caps.cpuSockets()).isPositive();
        assertThat(caps.cpuCores()).isBetween(caps.cpuSockets(), caps.cpuThreads());
        assertThat(caps.cpuModel()).isNotBlank();
        assertThat(caps.cpuVendor()).isNotBlank();
        assertThat(caps.cpuSpeed()).isGreaterThanOrEqualTo(0);

        List<String> flags = Arrays.asList(caps.cpuFlags().split(","));
        assertThat(flags).isNotEmpty().doesNotContain("");
        String flagsLine = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(line -> line.startsWith("flags") || line.startsWith("Features")).findFirst().orElseThrow();
        String firstFlag = flagsLine.substring(flagsLine.indexOf(':') + 1).strip().split("\\s+")[0];
        assertThat(flags).contains(firstFlag);
    }

    @Test
    void memoryMatchesProcMeminfo() throws Exception {
        assertThat(caps.memSize()).isCloseTo(meminfoKib("MemTotal") / 1024, within(1L));
        assertThat(caps.swapSize()).isCloseTo(meminfoKib("SwapTotal") / 1024, within(1L));
    }

    @Test
    void kernelIsWhatUnameSays() throws Exception {
        assertThat(caps.kernel()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip());
    }

    @Test
    void hostnameIsTheKernelsHostname() throws Exception {
        assertThat(caps.hostname()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());
    }

    @Test
    void operatingSystemMatchesOsRelease() throws Exception {
        Path osRelease = Path.of("/etc/os-release");
        assertThat(caps.operatingSystem().name()).isNotBlank();
        if (Files.isReadable(osRelease)) {
            Map<String, String> release = Files.readAllLines(osRelease).stream().filter(l -> l.contains("="))
                    .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')),
                            l -> l.substring(l.indexOf('=') + 1).replace("\"", ""), (a, b) -> a));
            if (release.containsKey("VERSION_ID")) {
                assertThat(caps.operatingSystem().version()).startsWith(release.get("VERSION_ID"));
            }
        }
    }

    @Test
    void kvmIsEnabledExactlyWhenDevKvmIsUsable() {
        Path kvm = Path.of("/dev/kvm");
        assertThat(caps.kvmEnabled()).isEqualTo(Files.isReadable(kvm) && Files.isWritable(kvm));
    }

    @Test
    void loopbackIsListedWithItsAddresses() {
        NicInfo lo = caps.nics().get("lo");

        assertThat(lo).as("nics: %s", caps.nics().keySet()).isNotNull();
        assertThat(lo.ipv4addrs()).contains("127.0.0.1/8");
        assertThat(lo.mtu()).isPositive();
        assertThat(lo.hwaddr()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
        if (!lo.ipv6addrs().isEmpty()) {
            assertThat(lo.ipv6addrs()).contains("::1/128");
        }
    }

    @Test
    void everyNicHasAddressesWithPrefixLengths() {
        assertThat(caps.nics()).isNotEmpty();
        caps.nics().values().forEach(nic -> {
            assertThat(nic.ipv4addrs()).allMatch(a -> a.matches("\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+"));
            assertThat(nic.ipv6addrs()).allMatch(a -> a.matches("[0-9a-f:.]+/\\d+"));
            assertThat(nic.speed()).isNotNegative();
            assertThat(nic.state()).isNotBlank().isLowerCase();
        });
    }

    @Test
    void interfacesWithoutAddressesAreListedToo() throws Exception {
        List<String> sysfs;
        try (var entries = Files.list(Path.of("/sys/class/net"))) {
            sysfs = entries.map(p -> p.getFileName().toString()).toList();
        }
        assertThat(caps.nics()).containsKeys(sysfs.toArray(String[]::new));
        sysfs.forEach(name -> assertThat(caps.nics().get(name).mtu()).as(name).isPositive());
    }

    @Test
    void bootTimeMatchesProcUptime() throws Exception {
        double uptime = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split("\\s+")[0]);
        long expected = Instant.now().getEpochSecond() - (long) uptime;
        assertThat(caps.bootTime()).isCloseTo(expected, within(5L));
    }

    @Test
    void softwareAndProtocolsComeFromTheSettings() {
        assertThat(caps.softwareVersion()).isEqualTo("9.9.9-test");
        assertThat(caps.apiVersion()).isEqualTo(ApiCatalog.VERSION);
        assertThat(caps.supportedProtocols()).containsExactly("rest", "xmlrpc");
    }

    @Test
    void capabilitiesAreReadOnce() {
        assertThat(host.service.getCapabilities()).isSameAs(caps);
    }

    private static long meminfoKib(String key) throws Exception {
        return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith(key + ":"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElseThrow();
    }
}
