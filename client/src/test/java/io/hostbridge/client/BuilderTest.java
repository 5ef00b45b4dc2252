package io.hostbridge.client;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A client must be told how to reach its agent, in words the builder can check before connecting. */
class BuilderTest {
    @Test
    void aClientNeedsAWayToTheAgent() {
        assertThatThrownBy(() -> HostbridgeClient.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unixSocket, https or amqp");
    }

    @Test
    void urlsMustSayTheirScheme() {
        Path none = Path.of("/nonexistent");
        assertThatThrownBy(() -> HostbridgeClient.builder().https(URI.create("http://host:54321"), none, none, none))
                .hasMessageContaining("https://HOST:PORT");
        assertThatThrownBy(() -> HostbridgeClient.builder().amqp(URI.create("amqp://broker:5672"),
                "3f2504e0-4f89-11d3-9a0c-0305e82c3301", none, none, none)).hasMessageContaining("amqps://HOST:PORT");
    }

    @Test
    void unreadableCertificatesAreSaidSo() {
        Path none = Path.of("/nonexistent");
        assertThatThrownBy(() -> HostbridgeClient.builder().https(URI.create("https://host:54321"), none, none, none))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Could not read the CA");
    }
}
