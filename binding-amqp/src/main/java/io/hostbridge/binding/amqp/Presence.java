package io.hostbridge.binding.amqp;

import io.hostbridge.api.BridgeException;
import io.hostbridge.bridge.Bridge;
import io.hostbridge.bridge.Transport;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the agent announces on {@link Addresses#PRESENCE}: who it is, where to reach it, how often it speaks
 * (a manager may call a host gone after missing a few announcements), and whether it is up or going down.
 */
final class Presence {
    static final String UP = "up";
    static final String DOWN = "down";

    private static final Logger LOG = LoggerFactory.getLogger(Presence.class);
    private static final String CAPABILITIES = "Host.getCapabilities";

    private final Bridge bridge;
    private final Addresses addresses;
    private final Duration interval;
    private final Clock clock;
    private Map<String, Object> software;

    Presence(Bridge bridge, Addresses addresses, Duration interval, Clock clock) {
        this.bridge = bridge;
        this.addresses = addresses;
        this.interval = interval;
        this.clock = clock;
    }

    Map<String, Object> notice(String state) {
        Map<String, Object> notice = new LinkedHashMap<>();
        notice.put("hostId", bridge.hostId());
        notice.put("state", state);
        notice.putAll(software());
        notice.put("addresses", Map.of("requests", addresses.requests(), "events", addresses.events()));
        long millis = interval.toMillis();
        notice.put("interval", millis % 1000 == 0 ? (Object) (millis / 1000) : (Object) (millis / 1000.0));
        notice.put("time", DateTimeFormatter.ISO_INSTANT.format(clock.instant()));
        return notice;
    }

    /**
     * Version and protocols, asked of the bridge like any caller would (once): an agent whose API has no
     * Host namespace announces neither.
     */
    private Map<String, Object> software() {
        if (software == null) {
            Map<String, Object> found = new LinkedHashMap<>();
            if (bridge.api().verb(CAPABILITIES).isPresent()) {
                try {
                    Object caps = bridge.call(Transport.internal("amqp"), CAPABILITIES, Map.of());
                    if (caps instanceof Map<?, ?> m) {
                        putIf(found, "version", m.get("softwareVersion") instanceof String s ? s : null);
                        putIf(found, "protocols", m.get("supportedProtocols") instanceof List<?> l ? l : null);
                    }
                } catch (BridgeException e) {
                    LOG.debug("presence without version: {} failed: {}", CAPABILITIES, e.getMessage());
                }
            }
            software = found;
        }
        return software;
    }

    private static void putIf(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
