package io.hostbridge.core.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hostbridge.api.host.HostStats;
import io.hostbridge.api.host.NicStats;
import io.hostbridge.core.Poll;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class HostStatsTest {

    private static final int MIB = 1024 * 1024;

    @TempDir
    Path stateDir;

    private HostService host;

    @BeforeEach
    void start() {
        host = new HostServiceFixture(stateDir).service;
    }

    @Test
    void cpuSharesArePercentagesThatAddUpToAHundred() {
        for (int i = 0; i < 3; i++) {
            HostStats stats = host.getStats();
            assertThat(stats.cpuUser()).isBetween(0.0, 100.0);
            assertThat(stats.cpuSys()).isBetween(0.0, 100.0);
            assertThat(stats.cpuIdle()).isBetween(0.0, 100.0);
            assertThat(stats.cpuUser() + stats.cpuSys() + stats.cpuIdle()).isCloseTo(100.0, within(0.05));
        }
    }

    @Test
    void memoryAndSwapAddUp() throws Exception {
        HostStats stats = host.getStats();

        assertThat(stats.memTotal()).isCloseTo(meminfoKib("MemTotal") / 1024, within(1L));
        assertThat(stats.memAvailable()).isBetween(0L, stats.memTotal());
        assertThat(stats.memUsed()).isEqualTo(stats.memTotal() - stats.memAvailable());
        assertThat(stats.swapTotal()).isCloseTo(meminfoKib("SwapTotal") / 1024, within(1L));
        assertThat(stats.swapFree()).isBetween(0L, stats.swapTotal());
    }

    @Test
    void loadTimesAndWindowAreSane() throws Exception {
        HostStats stats = host.getStats();

        assertThat(stats.cpuLoad()).isEqualTo(stats.loadAverage().one()).isNotNegative();
        assertThat(stats.loadAverage().five()).isNotNegative();
        assertThat(stats.loadAverage().fifteen()).isNotNegative();
        double uptime = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split("\\s+")[0]);
        assertThat(stats.uptime()).isCloseTo((long) uptime, within(5L));
        assertThat(stats.elapsedTime()).isBetween(0L, 60L);
        assertThat(stats.sampleInterval()).isPositive();
        assertThat(Instant.parse(stats.dateTime())).isCloseTo(Instant.now(), within(Duration.ofMinutes(1)));
        assertThat(stats.dateTime()).endsWith("Z");
    }

    @Test
    void everyInterfaceHasCountersAndRatesAreNeverNegative() throws Exception {
        HostStats stats = host.getStats();

        assertThat(stats.network()).containsKey("lo");
        try (var entries = Files.list(Path.of("/sys/class/net"))) {
            assertThat(stats.network()).containsKeys(entries.map(p -> p.getFileName().toString()).toArray(String[]::new));
        }
        stats.network().values().forEach(nic -> {
            assertThat(nic.rxRate()).isNotNegative();
            assertThat(nic.txRate()).isNotNegative();
            assertThat(nic.rxBytes()).isNotNegative();
            assertThat(nic.txBytes()).isNotNegative();
            assertThat(nic.state()).isNotBlank();
        });
    }

    @Test
    void loopbackTrafficShowsInCountersAndThenInTheRate() throws Exception {
        long rxAtStart = Long.parseLong(Files.readString(Path.of("/sys/class/net/lo/statistics/rx_bytes")).strip());
        long started = System.nanoTime();
        HostService fresh = new HostServiceFixture(stateDir.resolve("fresh")).service;
        // right after start the window reaches back to boot; wait for one measured since the start
        NicStats before = Poll.until(Duration.ofSeconds(10), fresh::getStats,
                s -> s.sampleInterval() <= secondsSince(started), "a window that began after the start")
                .network().get("lo");

        sendOverLoopback(MIB);

        HostStats after = Poll.until(Duration.ofSeconds(20), fresh::getStats,
                s -> s.network().get("lo").rxBytes() >= before.rxBytes() + MIB && s.network().get("lo").rxRate() > 0
                        && s.sampleInterval() <= secondsSince(started),
                "lo to count the 1 MiB sent and report a receive rate over a window since the start");
        NicStats lo = after.network().get("lo");
        assertThat(lo.txBytes()).isGreaterThanOrEqualTo(before.txBytes() + MIB);
        assertThat(after.sampleInterval()).isGreaterThanOrEqualTo(0.2);
        // the rate covers only traffic since the start (1% for the window's rounding to milliseconds)
        assertThat(lo.rxRate() * after.sampleInterval()).isLessThanOrEqualTo((lo.rxBytes() - rxAtStart) * 1.01);
    }

    @Test
    void aSampleDoesNotWaitForAWindowToPass() {
        host.getStats();
        long started = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            host.getStats();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    private static void sendOverLoopback(int bytes) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Long> received = CompletableFuture.supplyAsync(() -> {
                try (Socket peer = server.accept(); InputStream in = peer.getInputStream()) {
                    return in.transferTo(OutputStream.nullOutputStream());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                 OutputStream out = client.getOutputStream()) {
                out.write(new byte[bytes]);
            }
            assertThat(received.get()).isEqualTo(bytes);
        }
    }

    private static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }

    private static long meminfoKib(String key) throws Exception {
        return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith(key + ":"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElseThrow();
    }
}
