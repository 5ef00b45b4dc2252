package io.hostbridge.binding.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BrokerUriTest {
    private static AmqpSettings settings(String url) {
        return new AmqpSettings(url, "manager", "s3cret", 8, 10, 1 << 20, Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofSeconds(5));
    }

    @Test
    void wrapsTheBrokersInAFailoverUriThatRetriesForeverWithBackOff() {
        String uri = BrokerUri.of(settings("amqp://a:5672, amqps://b:5671?transport.trustAll=true"));
        assertThat(uri).startsWith("failover:(amqp://a:5672,amqps://b:5671?transport.trustAll=true)?")
                .contains("failover.initialReconnectDelay=100", "failover.reconnectDelay=100",
                        "failover.maxReconnectDelay=5000", "failover.useReconnectBackOff=true",
                        "failover.maxReconnectAttempts=-1", "jms.requestTimeout=10000", "jms.sendTimeout=10000",
                        "jms.connectTimeout=10000", "jms.closeTimeout=2000", "jms.prefetchPolicy.queuePrefetch=3")
                .as("credentials go to the factory, not into a URI that may be logged")
                .doesNotContain("s3cret", "manager");
    }

    @Test
    void refusesWhatIsNotAnAmqpAddress() {
        assertThatThrownBy(() -> BrokerUri.of(settings("tcp://a:5672"))).hasMessageContaining("amqp.url")
                .hasMessageContaining("tcp://a:5672");
        assertThatThrownBy(() -> BrokerUri.of(settings(" , "))).hasMessageContaining("amqp.url is empty");
        assertThatThrownBy(() -> BrokerUri.of(settings("amqp://a b"))).hasMessageContaining("is not a URI");
    }

    @Test
    void theHostCertificateIsForTlsBrokersWithoutStoresOfTheirOwn() {
        assertThat(BrokerUri.usesHostCertificate(settings("amqps://broker:5671"))).isTrue();
        assertThat(BrokerUri.usesHostCertificate(settings("amqp://a:5672,amqpwss://b:443"))).isTrue();
        assertThat(BrokerUri.usesHostCertificate(settings("amqp://127.0.0.1:5672"))).isFalse();
        assertThat(BrokerUri.usesHostCertificate(settings("amqps://b:5671?transport.trustStoreLocation=/t.p12")))
                .isFalse();
        assertThat(BrokerUri.usesHostCertificate(settings("amqps://b:5671?transport.keyStoreLocation=/k.p12")))
                .isFalse();
    }
}
