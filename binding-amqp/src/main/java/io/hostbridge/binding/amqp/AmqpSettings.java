package io.hostbridge.binding.amqp;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the AMQP agent.
 *
 * @param url               broker address, {@code amqp://host:port} (several, comma-separated, for failover)
 * @param user              broker user, or empty for none
 * @param password          broker password, or empty for none; never logged
 * @param workers           threads that run requests
 * @param queueSize         requests that may wait for a worker; one more is refused at once with code 1100
 * @param maxMessageBytes   largest request message; larger ones are refused with code 5004
 * @param presenceInterval  how often the agent announces itself on {@code hostbridge.presence}
 * @param requestTimeout    how long a broker operation (send, ack) may take before it fails
 * @param reconnectDelay    first delay before reconnecting to the broker
 * @param maxReconnectDelay longest delay between reconnection attempts (the delay doubles up to it)
 */
public record AmqpSettings(String url, String user, String password, int workers, int queueSize, int maxMessageBytes,
                           Duration presenceInterval, Duration requestTimeout, Duration reconnectDelay,
                           Duration maxReconnectDelay) {
    public AmqpSettings {
        Objects.requireNonNull(url, "url");
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        if (workers < 1) {
            throw new IllegalArgumentException("amqp.workers must be at least 1, got " + workers);
        }
        if (queueSize < 0) {
            throw new IllegalArgumentException("amqp.queueSize must not be negative, got " + queueSize);
        }
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("amqp.maxMessageBytes must be at least 1024, got " + maxMessageBytes);
        }
    }

    /** Consumer sessions receiving requests in parallel: one per worker. */
    public int receivers() {
        return workers;
    }

    /**
     * Requests each receiving consumer may hold in the client: together, what the workers and their queue
     * can take, so a busy agent refuses (1100) rather than hoards messages other agents could serve.
     */
    public int prefetch() {
        return Math.max(1, (workers + queueSize + receivers() - 1) / receivers());
    }

    @Override
    public String toString() { // keeps the password out of logs
        return "AmqpSettings[url=" + url + ", user=" + user + ", workers=" + workers + ", queueSize=" + queueSize
                + ", maxMessageBytes=" + maxMessageBytes + ", presenceInterval=" + presenceInterval
                + ", requestTimeout=" + requestTimeout + ", reconnectDelay=" + reconnectDelay
                + ", maxReconnectDelay=" + maxReconnectDelay + "]";
    }
}
