package io.hostbridge.api.host;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.EventTopic;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiVerb;
import io.hostbridge.api.annotation.RestMapping;

/** The host itself: facts, statistics, liveness and the event log for polling callers. */
@ApiNamespace(value = "Host", description = "The host: capabilities, hardware, statistics, health and events")
public interface HostApi {
    /** Most events one {@code Host.getEvents} call returns; the event bus replays at most as many. */
    int MAX_EVENTS = 10_000;


    EventTopic<HostStats> STATS = EventTopic.of("host.stats", HostStats.class,
            "Host statistics, published every host.statsInterval (configuration)", "0.1");

    @RestMapping(method = RestMapping.Method.GET, path = "/host/capabilities")
    @ApiVerb(description = "Static facts about the host: CPU, memory, OS, NICs, identity, software version",
            access = AccessLevel.READ, since = "0.1", servedDuringRecovery = true)
    HostCapabilities getCapabilities();

    @RestMapping(method = RestMapping.Method.GET, path = "/host/stats")
    @ApiVerb(description = "Current host statistics: CPU, load, memory, swap, per-NIC rates, uptime, time",
            access = AccessLevel.READ, since = "0.1", servedDuringRecovery = true)
    HostStats getStats();

    @RestMapping(method = RestMapping.Method.GET, path = "/host/hardware")
    @ApiVerb(description = "Hardware identification from the firmware (DMI)", access = AccessLevel.READ, since = "0.1", servedDuringRecovery = true)
    HardwareInfo getHardwareInfo();

    @ApiVerb(description = "Liveness check: returns nothing, quickly", access = AccessLevel.READ, since = "0.1", servedDuringRecovery = true)
    void ping2();

    @ApiVerb(description = "Liveness check, VDSM's older name (XML-RPC 'ping'): returns nothing, quickly",
            access = AccessLevel.READ, since = "0.1", servedDuringRecovery = true)
    void ping();

    @ApiVerb(description = "Logs the caller's message in the agent's log (as a line of its own, control characters"
            + " escaped) and answers it: a way to mark a moment in the log from a script", access = AccessLevel.READ,
            since = "0.2", servedDuringRecovery = true)
    String echo(@ApiParam(value = "message", description = "What to log", maxLength = 4096) String message);

    @ApiVerb(description = "State of the agent's health checks", access = AccessLevel.READ, since = "0.1", servedDuringRecovery = true)
    HealthReport getHealth();

    @RestMapping(method = RestMapping.Method.GET, path = "/host/events")
    @ApiVerb(description = "Events after a sequence number, for callers that poll instead of subscribing. Without"
            + " afterSeq, returns what the replay window holds. A gap says that events were lost to the caller.",
            access = AccessLevel.READ, since = "0.1", servedDuringRecovery = true)
    EventPage getEvents(
            @ApiParam(value = "afterSeq", description = "Return events with a greater sequence number",
                    optional = true, min = 0) Long afterSeq,
            @ApiParam(value = "topics", description = "Comma-separated topic patterns ('*' one segment, '#' any"
                    + " number of segments); all topics when absent", optional = true, maxLength = 1024) String topics,
            @ApiParam(value = "limit", description = "Most events to return", optional = true, defaultValue = "1000",
                    min = 1, max = MAX_EVENTS) int limit);
}
