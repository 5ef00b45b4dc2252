package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hostbridge.agent.Modules;
import io.hostbridge.agent.config.AgentConfig;
import io.hostbridge.agent.config.ConfigException;
import io.hostbridge.agent.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration as an operator writes it: file, environment, errors, and the reference doc. */
class ConfigurationTest {
    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void everyKeyIsDocumentedWithItsEnvironmentVariableAndDefault() throws Exception {
        String doc = Files.readString(Path.of(System.getProperty("hostbridge.repo"), "docs/configuration.md"));
        loader.defaultKeys().forEach((key, value) -> assertThat(doc)
                .as("docs/configuration.md documents " + key)
                .contains("| `" + key + "` | `" + ConfigLoader.envName(key) + "` | `"
                        + (value.isEmpty() ? "\"\"" : value) + "` |"));
    }

    @Test
    void layersOverrideInOrder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "http:\n  port: 1234\n  address: 0.0.0.0\nrest:\n  enabled: false\n");
        AgentConfig config = loader.load(file, Map.of("HOSTBRIDGE_HTTP_PORT", "4321", "UNRELATED", "x"), Map.of());
        assertThat(config.http().port()).isEqualTo(4321);
        assertThat(config.http().address()).isEqualTo("0.0.0.0");
        assertThat(config.rest().enabled()).isFalse();
        assertThat(config.events().replayWindow()).isEqualTo(10000);
    }

    @Test
    void mistakesAreNamed(@TempDir Path dir) throws Exception {
        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, "htp:\n  port: 1\n");
        assertThatThrownBy(() -> loader.load(typo, Map.of(), Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown configuration key 'htp'");
        Path wrongType = dir.resolve("type.yaml");
        Files.writeString(wrongType, "http:\n  port: [1]\n");
        assertThatThrownBy(() -> loader.load(wrongType, Map.of(), Map.of())).hasMessageContaining("'http.port'");
        Path stringPort = dir.resolve("string.yaml");
        Files.writeString(stringPort, "http:\n  port: eighty\n");
        assertThatThrownBy(() -> loader.load(stringPort, Map.of(), Map.of())).hasMessageContaining("http.port");
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "http: [\n");
        assertThatThrownBy(() -> loader.load(broken, Map.of(), Map.of())).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> loader.load(dir.resolve("missing.yaml"), Map.of(), Map.of()))
                .hasMessageContaining("not found");
        assertThatThrownBy(() -> loader.load(null, Map.of("HOSTBRIDGE_REST_ENABLED", "yes"), Map.of()))
                .hasMessageContaining("HOSTBRIDGE_REST_ENABLED").hasMessageContaining("true or false");
        AgentConfig badDuration = loader.load(null, Map.of("HOSTBRIDGE_HOST_STATS_INTERVAL", "10"), Map.of());
        assertThatThrownBy(() -> Modules.choose(badDuration, "x")).hasMessageContaining("host.statsInterval");
    }

    @Test
    void modulesFollowTheConfiguration() {
        AgentConfig none = loader.load(null, Map.of("HOSTBRIDGE_REST_ENABLED", "false",
                "HOSTBRIDGE_XMLRPC_ENABLED", "false", "HOSTBRIDGE_AMQP_ENABLED", "false",
                "HOSTBRIDGE_IMAGEIO_ENABLED", "false", "HOSTBRIDGE_STOMP_ENABLED", "false"), Map.of());
        assertThat(Modules.choose(none, "x")).extracting(m -> m.getClass().getSimpleName())
                .containsExactly("BridgeModule", "CoreModule", "TrustModule", "HostModule", "LoggingModule", "JobsModule", "StorageModule", "VmModule", "TransferModule");
        AgentConfig defaults = loader.load(null, Map.of(), Map.of());
        assertThat(Modules.choose(defaults, "x")).extracting(m -> m.getClass().getSimpleName())
                .containsExactly("BridgeModule", "CoreModule", "TrustModule", "HostModule", "LoggingModule", "JobsModule", "StorageModule", "VmModule", "TransferModule", "HttpModule", "RestModule",
                        "XmlRpcModule", "StompModule", "EmbeddedBrokerTrustModule", "BrokerModule", "AmqpModule", "ImageioModule");
        AgentConfig xmlRpcAndExternalBroker = loader.load(null, Map.of("HOSTBRIDGE_REST_ENABLED", "false",
                "HOSTBRIDGE_BROKER_EMBEDDED", "false"), Map.of());
        assertThat(Modules.choose(xmlRpcAndExternalBroker, "x")).extracting(m -> m.getClass().getSimpleName())
                .containsExactly("BridgeModule", "CoreModule", "TrustModule", "HostModule", "LoggingModule", "JobsModule", "StorageModule", "VmModule", "TransferModule", "HttpModule",
                        "XmlRpcModule", "StompModule", "ExternalBrokerTrustModule", "AmqpModule", "ImageioModule");
        // STOMP alone still needs the listener it shares
        AgentConfig stompOnly = loader.load(null, Map.of("HOSTBRIDGE_REST_ENABLED", "false",
                "HOSTBRIDGE_XMLRPC_ENABLED", "false", "HOSTBRIDGE_AMQP_ENABLED", "false",
                "HOSTBRIDGE_IMAGEIO_ENABLED", "false"), Map.of());
        assertThat(Modules.choose(stompOnly, "x")).extracting(m -> m.getClass().getSimpleName())
                .endsWith("TransferModule", "HttpModule", "StompModule");
    }

    @Test
    void amqpIsSecureUnlessSaidOtherwiseAndThenOnlyOnLoopback() {
        assertThatThrownBy(() -> Modules.choose(loader.load(null, Map.of("HOSTBRIDGE_BROKER_EMBEDDED", "false",
                "HOSTBRIDGE_AMQP_URL", "amqp://broker.example:5672"), Map.of()), "x"))
                .hasMessageContaining("'amqp.url'").hasMessageContaining("amqps://");
        assertThatThrownBy(() -> Modules.choose(loader.load(null, Map.of("HOSTBRIDGE_BROKER_EMBEDDED", "false",
                "HOSTBRIDGE_AMQP_INSECURE", "true", "HOSTBRIDGE_AMQP_URL", "amqp://broker.example:5672"), Map.of()), "x"))
                .as("insecure, but not on loopback").hasMessageContaining("loopback");
        assertThat(Modules.choose(loader.load(null, Map.of("HOSTBRIDGE_BROKER_EMBEDDED", "false",
                "HOSTBRIDGE_AMQP_INSECURE", "true", "HOSTBRIDGE_AMQP_URL", "amqp://127.0.0.1:5672"), Map.of()), "x"))
                .isNotEmpty();
        assertThatThrownBy(() -> Modules.choose(loader.load(null, Map.of("HOSTBRIDGE_AMQP_INSECURE", "true",
                "HOSTBRIDGE_BROKER_ADDRESS", "0.0.0.0"), Map.of()), "x"))
                .hasMessageContaining("amqp.insecure").hasMessageContaining("loopback");
        assertThatThrownBy(() -> Modules.choose(loader.load(null, Map.of("HOSTBRIDGE_AMQP_USER_ACCESS", "/etc/x"),
                Map.of()), "x")).hasMessageContaining("'amqp.userAccess'");
        assertThatThrownBy(() -> Modules.choose(loader.load(null, Map.of("HOSTBRIDGE_BROKER_EMBEDDED", "false",
                "HOSTBRIDGE_BROKER_USERS", "/etc/x"), Map.of()), "x")).hasMessageContaining("'broker.users'");
    }
}
