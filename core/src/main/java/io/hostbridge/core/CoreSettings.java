package io.hostbridge.core;

import io.hostbridge.events.EventBusSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * Settings of the core.
 *
 * @param stateDir        where the agent keeps what must survive restarts (host id, event numbering)
 * @param runDir          where the agent keeps runtime files (sockets); emptied by a reboot
 * @param statsInterval   how often {@code host.stats} is published; at least 100 ms
 * @param events          sizing of the event bus
 * @param protocols       enabled protocol bindings, reported as {@code supportedProtocols}
 * @param softwareVersion version of hostbridge, reported as {@code softwareVersion}
 */
public record CoreSettings(Path stateDir, Path runDir, Duration statsInterval, EventBusSettings events,
                           List<String> protocols, String softwareVersion) {

    public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/hostbridge");
    public static final Path DEFAULT_RUN_DIR = Path.of("/run/hostbridge");
    public static final Duration DEFAULT_STATS_INTERVAL = Duration.ofSeconds(10);
    public static final Duration MIN_STATS_INTERVAL = Duration.ofMillis(100);

    public CoreSettings {
        require(stateDir, "stateDir");
        require(runDir, "runDir");
        require(statsInterval, "statsInterval");
        if (statsInterval.compareTo(MIN_STATS_INTERVAL) < 0) {
            throw new IllegalArgumentException("statsInterval must be at least " + MIN_STATS_INTERVAL.toMillis()
                    + " ms, got " + statsInterval.toMillis() + " ms");
        }
        require(events, "events");
        require(protocols, "protocols");
        for (String protocol : protocols) {
            if (protocol == null || protocol.isBlank()) {
                throw new IllegalArgumentException("protocols must not contain a blank entry, got " + protocols);
            }
        }
        protocols = List.copyOf(protocols);
        require(softwareVersion, "softwareVersion");
        if (softwareVersion.isBlank()) {
            throw new IllegalArgumentException("softwareVersion must not be blank");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Version of this build of hostbridge, as Maven stamped it into the jar. */
    public static String buildVersion() {
        try (InputStream in = CoreSettings.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "");
            return version.isBlank() || version.startsWith("${") ? "unknown" : version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void require(Object value, String field) {
        Objects.requireNonNull(value, () -> field + " must be set");
    }

    /** Builds settings from the defaults: state and run dirs of a system install, stats every 10 s. */
    public static final class Builder {
        private Path stateDir = DEFAULT_STATE_DIR;
        private Path runDir = DEFAULT_RUN_DIR;
        private Duration statsInterval = DEFAULT_STATS_INTERVAL;
        private EventBusSettings events = EventBusSettings.defaults();
        private List<String> protocols = new ArrayList<>();
        private String softwareVersion = buildVersion();

        private Builder() {
        }

        public Builder stateDir(Path stateDir) {
            this.stateDir = stateDir;
            return this;
        }

        public Builder runDir(Path runDir) {
            this.runDir = runDir;
            return this;
        }

        public Builder statsInterval(Duration statsInterval) {
            this.statsInterval = statsInterval;
            return this;
        }

        public Builder events(EventBusSettings events) {
            this.events = events;
            return this;
        }

        public Builder protocols(List<String> protocols) {
            this.protocols = protocols == null ? null : new ArrayList<>(protocols);
            return this;
        }

        public Builder softwareVersion(String softwareVersion) {
            this.softwareVersion = softwareVersion;
            return this;
        }

        public CoreSettings build() {
            return new CoreSettings(stateDir, runDir, statsInterval, events, protocols, softwareVersion);
        }
    }
}
