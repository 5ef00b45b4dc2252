package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hostbridge.api.AccessLevel;
import io.hostbridge.trust.HostPki;
import io.hostbridge.trust.PkiSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The AMQP side of trust on the secure defaults, tried with Python's Qpid Proton as a manager would
 * ({@code src/test/resources/amqp/client.py}): AMQPS with a client certificate of the agent's CA (SASL EXTERNAL) or
 * a password user (SASL PLAIN, its hash from {@code bin/hostbridge password-hash}); each caller at its level; no
 * connection without valid credentials; no plain AMQP port; nobody but the agent takes its requests or publishes
 * its events.
 */
class AmqpSecurityTest {
    private static final String PORT = AmqpSupport.freePort();
    private static final String PLAIN_PORT = AmqpSupport.freePort();
    private static final String PASSWORD = "correct horse: battery staple";
    private static Path dir;
    private static Path certs;
    private static Path denied;

    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(config());

    private static String hostId;

    /** The broker's users file, with a hash made by the distribution's launcher, as an operator makes it. */
    private static Map<String, String> config() {
        try {
            dir = Files.createTempDirectory("hostbridge-amqp-security");
            certs = dir.resolve("certs");
            denied = dir.resolve("denied-serials");
            Files.writeString(denied, "");
            Shell.Result hash = Shell.sh("printf '%s\\n' '" + PASSWORD + "' | " + DistributionTest.launcher()
                    + " password-hash", 60);
            assertThat(hash.exit()).as(hash.err()).isZero();
            assertThat(hash.out()).startsWith("pbkdf2-sha256$").doesNotContain("horse");
            Path users = dir.resolve("broker-users");
            Files.writeString(users, "# SASL PLAIN users\nwrite engine " + hash.out().strip() + "\n");
            return Map.of("amqp.enabled", "true", "broker.port", PORT, "broker.insecurePort", PLAIN_PORT,
                    "broker.users", users.toString(), "tls.deniedSerials", denied.toString(),
                    "amqp.presenceInterval", "1s");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void issueCertificates() throws Exception {
        hostId = AmqpSupport.hostId(agent);
        AmqpSupport.issue(agent, "reader", AccessLevel.READ, certs);
        AmqpSupport.issue(agent, "writer", AccessLevel.WRITE, certs);
        AmqpSupport.issue(agent, "lost", AccessLevel.ADMIN, certs);
        HostPki.open(PkiSettings.own(dir.resolve("other-ca")))
                .issue("stranger", AccessLevel.ADMIN, Duration.ofDays(1), dir.resolve("other"));
    }

    /** Runs client.py; its one line of JSON. */
    private static JsonNode client(String auth, String... action) throws Exception {
        Path script = Path.of(System.getProperty("hostbridge.repo"), "tests/src/test/resources/amqp/client.py");
        List<String> command = new ArrayList<>(List.of(AmqpSupport.python(), script.toString(),
                (auth.equals("plain") ? "amqp://localhost:" + PLAIN_PORT : "amqps://localhost:" + PORT), auth));
        command.addAll(List.of(action));
        Shell.Result r = Shell.run(command, 60);
        assertThat(r.exit()).as(r.err()).isZero();
        return Http.JSON.readTree(r.out().strip());
    }

    private static String cert(String name) {
        return "cert:" + certs.resolve(name);
    }

    @Test
    void aReadCertificateSubscribesAndCallsReadVerbsButAWriteVerbIsDenied() throws Exception {
        JsonNode event = client(cert("reader"), "subscribe", "hostbridge.events." + hostId);
        assertThat(event.path("ok").asBoolean()).as(event.toString()).isTrue();
        assertThat(event.at("/body/hostId").asText()).isEqualTo(hostId);
        JsonNode presence = client(cert("reader"), "subscribe", "hostbridge.presence");
        assertThat(presence.at("/body/state").asText()).as(presence.toString()).isEqualTo("up");

        JsonNode ping = client(cert("reader"), "call", hostId, "Host.ping2", "[]");
        assertThat(ping.at("/reply/result").asBoolean()).as(ping.toString()).isTrue();
        JsonNode caps = client(cert("reader"), "call", hostId, "Host.getCapabilities", "{}");
        assertThat(caps.at("/reply/result/hostId").asText()).as(caps.toString()).isEqualTo(hostId);

        String create = "{\"vmID\":\"" + UUID.randomUUID() + "\",\"vmParams\":{\"vmName\":\"amqp1\",\"memSize\":64}}";
        JsonNode denied = client(cert("reader"), "call", hostId, "VM.create", create);
        assertThat(denied.at("/reply/error/data/code").asInt()).as(denied.toString()).isEqualTo(5003);
        assertThat(denied.at("/reply/error/message").asText())
                .contains("VM.create", "needs write", "CN=reader,O=hostbridge;serial=", "has read");

        JsonNode created = client(cert("writer"), "call", hostId, "VM.create", create);
        assertThat(created.at("/reply/result/vmId").asText()).as(created.toString()).isNotEmpty();
        JsonNode destroy = client(cert("writer"), "call", hostId, "VM.destroy",
                "{\"vmID\":\"" + created.at("/reply/result/vmId").asText() + "\"}");
        assertThat(destroy.at("/reply/error/data/code").asInt()).as("destroying needs write too").isZero();
    }

    @Test
    void withoutACertificateOfTheAgentsCaThereIsNoConnection() throws Exception {
        for (String auth : List.of("trust:" + certs, "cert:" + dir.resolve("other/stranger"))) {
            JsonNode r = client(auth, "call", hostId, "Host.ping2", "[]");
            assertThat(r.path("ok").asBoolean()).as(auth + ": " + r).isFalse();
            assertThat(r.path("stage").asText()).as(r.toString()).isIn("connect", "call");
            assertThat(r.has("reply")).isFalse();
        }
    }

    @Test
    void aRevokedCertificateIsRefusedOnceListedWithoutARestart() throws Exception {
        assertThat(client(cert("lost"), "call", hostId, "Host.ping2", "[]").path("ok").asBoolean()).isTrue();
        String serial = HostPki.open(new PkiSettings(null, certs.resolve("ca.pem"), certs.resolve("lost.pem"),
                certs.resolve("lost-key.pem"), null, null, null)).chain().get(0).getSerialNumber().toString(16);
        Files.writeString(denied, serial + "\n");
        try {
            Poll.until(Duration.ofSeconds(10), "the revoked certificate refused", () -> {
                JsonNode r = client(cert("lost"), "call", hostId, "Host.ping2", "[]");
                return r.path("ok").asBoolean() ? null : r;
            });
            assertThat(client(cert("writer"), "call", hostId, "Host.ping2", "[]").path("ok").asBoolean())
                    .as("others are not affected").isTrue();
        } finally {
            Files.writeString(denied, "");
        }
    }

    @Test
    void noPlainAmqpPortListensByDefault() throws Exception {
        assertThatThrownBy(() -> new Socket("127.0.0.1", Integer.parseInt(PLAIN_PORT)).close())
                .isInstanceOf(ConnectException.class);
        assertThat(client("plain", "call", hostId, "Host.ping2", "[]").path("ok").asBoolean()).isFalse();
    }

    @Test
    void nobodyButTheAgentTakesItsRequestsOrPublishesItsEventsAndPresence() throws Exception {
        for (String who : List.of("reader", "writer")) {
            JsonNode steal = client(cert(who), "consume", "hostbridge.host." + hostId);
            assertThat(steal.path("ok").asBoolean()).as(who + " consuming requests: " + steal).isFalse();
            assertThat(steal.path("error").asText()).contains("permission");
            for (String address : List.of("hostbridge.events." + hostId, "hostbridge.presence")) {
                JsonNode forge = client(cert(who), "publish", address);
                assertThat(forge.path("ok").asBoolean()).as(who + " publishing to " + address + ": " + forge).isFalse();
            }
        }
        JsonNode ping = client(cert("reader"), "call", hostId, "Host.ping2", "[]");
        assertThat(ping.at("/reply/result").asBoolean()).as("the agent still serves: " + ping).isTrue();
    }

    @Test
    void aPasswordUserLogsInWithTheRightPasswordOnly() throws Exception {
        JsonNode ok = client("password:" + certs + ":engine:" + PASSWORD, "call", hostId, "Host.ping2", "[]");
        assertThat(ok.at("/reply/result").asBoolean()).as(ok.toString()).isTrue();
        JsonNode wrong = client("password:" + certs + ":engine:Correct horse: battery staple", "call", hostId,
                "Host.ping2", "[]");
        assertThat(wrong.path("ok").asBoolean()).as(wrong.toString()).isFalse();
        assertThat(wrong.path("stage").asText()).isIn("connect", "call");
        assertThat(Files.readString(dir.resolve("broker-users"))).doesNotContain("horse");
    }

    @Test
    void tls10And11AreRefusedAnd12Works() throws Exception {
        String target = "127.0.0.1:" + PORT;
        for (String old : new String[] {"-tls1", "-tls1_1"}) {
            Shell.Result r = Shell.sh("echo | openssl s_client -connect " + target + " " + old + " -CAfile "
                    + certs.resolve("ca.pem") + " 2>&1", 30);
            assertThat(r.out()).as(old).contains("Cipher is (NONE)").doesNotContain("BEGIN CERTIFICATE");
        }
        Shell.Result tls12 = Shell.sh("echo | openssl s_client -connect " + target + " -tls1_2 -CAfile "
                + certs.resolve("ca.pem") + " -cert " + certs.resolve("reader.pem") + " -key "
                + certs.resolve("reader-key.pem") + " 2>&1", 30);
        assertThat(tls12.out()).contains("Protocol  : TLSv1.2", "Verify return code: 0 (ok)");
    }
}
