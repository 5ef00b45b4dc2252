package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.AccessLevel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * hbsh on a remote agent: --url over TLS with a client certificate of the agent's CA, its access level holding, and
 * image data over the data server's TLS port.
 */
class HbshTlsTest {
    private static final Path HBSH = Path.of(System.getProperty("hostbridge.repo"),
            "packaging/target/hostbridge-0.1.0-SNAPSHOT/hostbridge-0.1.0-SNAPSHOT/bin/hbsh");
    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(Map.of("http.insecure", "false", "imageio.tls", "true"));
    private static Path certs;
    private static Path cache;

    @BeforeAll
    static void certificates() throws Exception {
        certs = AmqpSupport.issue(agent, "ops", AccessLevel.ADMIN, agent.stateDir().resolveSibling("hbsh-certs"));
        AmqpSupport.issue(agent, "reader", AccessLevel.READ, certs);
        cache = Files.createDirectories(agent.stateDir().resolveSibling("hbsh-cache"));
    }

    private static Shell.Result hbsh(String name, String... words) throws Exception {
        List<String> command = new ArrayList<>(List.of(HBSH.toString(), "--url", "https://localhost:" + agent.port(),
                "--cert", certs.resolve(name + ".pem").toString(), "--key", certs.resolve(name + "-key.pem").toString(),
                "--ca", certs.resolve("ca.pem").toString(), "--imageio-url", "https://localhost:" + agent.imageioPort()));
        command.addAll(List.of(words));
        return Shell.run(command, Map.of("XDG_CACHE_HOME", cache.toString()), 60);
    }

    @Test
    void aRemoteAgentWithACertificate() throws Exception {
        Shell.Result caps = hbsh("ops", "Host", "getCapabilities");
        assertThat(caps.exit()).as(caps.err()).isZero();
        assertThat(Http.JSON.readTree(caps.out()).get("hostId").asText()).matches("[0-9a-f-]{36}");

        Shell.Result denied = hbsh("reader", "VM", "destroy", "--vmID", UUID.randomUUID().toString());
        assertThat(denied.exit()).isEqualTo(1);
        assertThat(denied.err()).contains("error 5003 (accessDenied)");

        Shell.Result noCertificate = Shell.run(List.of(HBSH.toString(), "--url", "https://localhost:" + agent.port(),
                "Host", "ping2"), Map.of("XDG_CACHE_HOME", cache.toString()), 60);
        assertThat(noCertificate.exit()).isEqualTo(2);
        assertThat(noCertificate.err()).contains("--url needs --cert, --key and --ca");
    }

    @Test
    void imageDataOverTls() throws Exception {
        String sd = UUID.randomUUID().toString();
        String img = UUID.randomUUID().toString();
        String vol = UUID.randomUUID().toString();
        Path domains = Files.createDirectories(cache.resolveSibling("domains"));
        assertThat(hbsh("ops", "StorageDomain", "create", "--storagedomainID", sd, "--domainType", "localfs", "--typeArgs",
                domains.toString(), "--name", "tls", "--domainClass", "data").exit()).isZero();
        Shell.Result created = hbsh("ops", "Volume", "create", "--volumeID", vol, "--storagedomainID", sd, "--imageID",
                img, "--size", Long.toString(8L << 20), "--volFormat", "RAW", "--preallocate", "SPARSE");
        assertThat(created.exit()).as(created.err()).isZero();
        Path volume = Path.of(Http.JSON.readTree(hbsh("ops", "Volume", "getInfo", "--storagedomainID", sd, "--imageID",
                img, "--volumeID", vol).out()).get("path").asText());
        Path image = Files.write(cache.resolveSibling("tls-" + UUID.randomUUID() + ".raw"), new byte[3 << 20]);
        Files.write(image, "hostbridge".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.file.StandardOpenOption.WRITE);
        Shell.Result up = hbsh("ops", "image", "upload", image.toString(), "--sd", sd, "--img", img, "--vol", vol);
        assertThat(up.exit()).as(up.err()).isZero();
        assertThat(new String(Files.readAllBytes(volume), 0, 10, java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("hostbridge");
        Files.delete(image);
    }
}
