package io.hostbridge.broker;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the embedded broker.
 *
 * @param address    address of the AMQP acceptor, e.g. {@code 127.0.0.1}
 * @param port       its TCP port
 * @param persistent keep messages in a journal under {@code dataDir}; otherwise in memory only
 * @param dataDir    where the journal lives (used only when persistent)
 */
public record BrokerSettings(String address, int port, boolean persistent, Path dataDir) {
    public BrokerSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(dataDir, "dataDir");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("broker.port must be 1-65535, got " + port);
        }
    }
}
