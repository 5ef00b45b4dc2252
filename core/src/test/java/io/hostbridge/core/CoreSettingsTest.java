package io.hostbridge.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hostbridge.events.EventBusSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoreSettingsTest {

    @Test
    void defaultsAreThoseOfASystemInstall() {
        CoreSettings settings = CoreSettings.builder().build();

        assertThat(settings.stateDir()).isEqualTo(Path.of("/var/lib/hostbridge"));
        assertThat(settings.runDir()).isEqualTo(Path.of("/run/hostbridge"));
        assertThat(settings.statsInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.events()).isEqualTo(EventBusSettings.defaults());
        assertThat(settings.protocols()).isEmpty();
        assertThat(settings.softwareVersion()).isEqualTo(CoreSettings.buildVersion());
    }

    @Test
    void theBuildStampsItsVersion() {
        assertThat(CoreSettings.buildVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void statsIntervalBelow100MillisecondsIsRejectedByName() {
        assertThatThrownBy(() -> CoreSettings.builder().statsInterval(Duration.ofMillis(99)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("statsInterval").hasMessageContaining("100 ms");
        assertThat(CoreSettings.builder().statsInterval(Duration.ofMillis(100)).build().statsInterval())
                .isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void missingValuesAreNamed() {
        assertThatThrownBy(() -> CoreSettings.builder().stateDir(null).build()).hasMessageContaining("stateDir");
        assertThatThrownBy(() -> CoreSettings.builder().runDir(null).build()).hasMessageContaining("runDir");
        assertThatThrownBy(() -> CoreSettings.builder().statsInterval(null).build())
                .hasMessageContaining("statsInterval");
        assertThatThrownBy(() -> CoreSettings.builder().events(null).build()).hasMessageContaining("events");
        assertThatThrownBy(() -> CoreSettings.builder().protocols(null).build()).hasMessageContaining("protocols");
        assertThatThrownBy(() -> CoreSettings.builder().softwareVersion(" ").build())
                .hasMessageContaining("softwareVersion");
    }

    @Test
    void protocolsAreCopiedAndMustNotBeBlank() {
        List<String> protocols = new java.util.ArrayList<>(List.of("rest", "xmlrpc"));
        CoreSettings settings = CoreSettings.builder().protocols(protocols).build();
        protocols.add("amqp");

        assertThat(settings.protocols()).containsExactly("rest", "xmlrpc");
        assertThatThrownBy(() -> CoreSettings.builder().protocols(Arrays.asList("rest", "")).build())
                .hasMessageContaining("protocols");
    }
}
