package io.hostbridge.broker;

import io.hostbridge.api.Loopback;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the embedded broker.
 *
 * @param address      address of its AMQP acceptors, e.g. {@code 127.0.0.1}
 * @param port         the AMQPS (TLS) acceptor's TCP port
 * @param insecurePort a plain AMQP acceptor's port ({@code amqp.insecure}), whose clients are anonymous and admin;
 *                     0 for none. Only on a loopback address.
 * @param passwords    whether password users (SASL PLAIN) may log in; then a client certificate is wanted, not
 *                     required
 * @param persistent   keep messages in a journal under {@code dataDir}; otherwise in memory only
 * @param dataDir      where the journal lives (used only when persistent)
 */
public record BrokerSettings(String address, int port, int insecurePort, boolean passwords, boolean persistent,
                             Path dataDir) {
    public BrokerSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(dataDir, "dataDir");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("broker.port must be 1-65535, got " + port);
        }
        if (insecurePort < 0 || insecurePort > 65535 || insecurePort == port) {
            throw new IllegalArgumentException("broker.insecurePort must be 1-65535 and not broker.port, got "
                    + insecurePort);
        }
        if (insecurePort != 0 && !Loopback.is(address)) {
            throw new IllegalArgumentException("amqp.insecure opens a plain AMQP listener whose clients are all admin:"
                    + " only on a loopback address, and broker.address is " + address);
        }
    }

    /** The AMQPS acceptor alone, in memory: what tests mostly want. */
    public static BrokerSettings secure(String address, int port, Path dataDir) {
        return new BrokerSettings(address, port, 0, false, false, dataDir);
    }

}
