package io.hostbridge.agent.config;

/** The whole configuration, as bound from YAML (see hostbridge-defaults.yaml and docs/configuration.md). */
public record AgentConfig(Host host, Events events, Http http, Rest rest, Logging logging) {

    public record Host(String stateDir, String runDir, String statsInterval) {
    }

    public record Events(int replayWindow, int subscriberQueue) {
    }

    public record Http(String address, int port, long maxRequestBytes, int workerThreads) {
    }

    public record Rest(boolean enabled, int maxEventStreams, String heartbeatInterval) {
    }

    public record Logging(String level) {
    }

    /** True when some binding needs the shared HTTP listener. */
    public boolean httpNeeded() {
        return rest.enabled();
    }
}
