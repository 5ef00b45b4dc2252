package io.hostbridge.agent.config;

/** The whole configuration, as bound from YAML (see hostbridge-defaults.yaml and docs/configuration.md). */
public record AgentConfig(Host host, Events events, Streams streams, Tls tls, Http http, Rest rest, Xmlrpc xmlrpc, Stomp stomp,
                          Amqp amqp, Broker broker, Imageio imageio, Logging logging, Storage storage, Jobs jobs, Vm vm) {

    public record Host(String stateDir, String runDir, String statsInterval) {
    }

    public record Events(int replayWindow, int subscriberQueue) {
    }

    public record Streams(int max, int maxPerCaller, int bufferBytes, String attachTimeout, String idleTimeout,
                          String stallTimeout) {
    }

    public record Tls(String dir, String ca, String cert, String key, String crl, String deniedSerials,
                      String subjectAccess) {
    }

    public record Http(String address, int port, long maxRequestBytes, int workerThreads, int maxQueuedRequests,
                       boolean insecure,
                       boolean unixSocket, String socket, String socketGroup, String socketGroupAccess,
                       String allowedOrigins) {
    }

    public record Rest(boolean enabled, int maxEventStreams, String heartbeatInterval, String streamSendTimeout) {
    }

    public record Xmlrpc(boolean enabled) {
    }

    public record Stomp(boolean enabled, String address, int port, int maxFrameBytes, int maxSubscriptions,
                        int maxEventSubscribers, int workers, int queueSize, long maxPendingBytes, String heartbeat,
                        String streamSendTimeout) {
    }

    public record Amqp(boolean enabled, String url, String user, String password, boolean insecure,
                       String userAccess, int workers, int queueSize, int maxMessageBytes, String presenceInterval,
                       String requestTimeout, String reconnectDelay, String maxReconnectDelay) {
        @Override
        public String toString() { // keeps the password out of logs
            return "Amqp[enabled=" + enabled + ", url=" + url + ", user=" + user + "]";
        }
    }

    public record Broker(boolean embedded, String address, int port, int insecurePort, String users,
                         boolean persistent) {
    }

    public record Imageio(boolean enabled, String address, int port, boolean tls, boolean unixSocket, String socket,
                          int maxConnections, int workerThreads, int bufferSize, String idleTimeout,
                          String headerTimeout, int maxReaders, int maxWriters) {
    }

    public record Logging(String level, boolean accessLog) {
    }

    public record Storage(long copyRateLimit) {
    }

    public record Jobs(int workers) {
    }

    public record Vm(String libvirtUri, String domainType, String migrationUri, String isoDir, String backupDir,
                     String shutdownTimeout, String reconnectDelay, String maxReconnectDelay) {
    }

    /** True when some binding needs the shared HTTP listener. */
    public boolean httpNeeded() {
        return rest.enabled() || xmlrpc.enabled() || stomp.enabled();
    }
}
