package io.hostbridge.tests;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.trust.HostPki;
import io.hostbridge.trust.PkiSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.security.auth.x500.X500Principal;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * What the AMQP tests share: a port for the embedded broker, the host id, client certificates of the agent's CA and
 * Qpid JMS factories presenting them, a Python that has Qpid Proton.
 */
final class AmqpSupport {
    private static String python;

    private AmqpSupport() {
    }

    /** A free port, for a class's {@code broker.port} (taken at class initialization, before the agent starts). */
    static String freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return Integer.toString(s.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Issues a client certificate of the agent's CA granting {@code level}, as {@code bin/hostbridge cert issue}
     * does: {@code dir/NAME.pem}, {@code dir/NAME-key.pem}, {@code dir/ca.pem}.
     */
    static Path issue(AgentExtension agent, String name, AccessLevel level, Path dir) throws IOException {
        HostPki.open(PkiSettings.own(agent.pkiDir())).issue(name, level, Duration.ofDays(1), dir);
        return dir;
    }

    /**
     * The user the embedded broker validates a certificate as, by docs/amqp.md's rule: its subject (RFC 2253),
     * {@code ;serial=} and its serial in lower-case hexadecimal.
     */
    static String brokerUser(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return c.getSubjectX500Principal().getName(X500Principal.RFC2253) + ";serial="
                    + c.getSerialNumber().toString(16);
        }
    }

    /** The TLS context of the certificate issued as {@code name} into {@code dir}: presents it, trusts the CA. */
    static SSLContext tls(Path dir, String name) throws IOException {
        return HostPki.open(new PkiSettings(null, dir.resolve("ca.pem"), dir.resolve(name + ".pem"),
                dir.resolve(name + "-key.pem"), null, null, null)).client();
    }

    /** A Qpid JMS factory for the embedded broker's AMQPS port, logging in with the certificate issued as {@code name}. */
    static JmsConnectionFactory jms(String port, Path dir, String name) throws IOException {
        JmsConnectionFactory factory = new JmsConnectionFactory("amqps://localhost:" + port
                + "?jms.requestTimeout=10000&jms.connectTimeout=10000");
        factory.setSslContext(tls(dir, name));
        return factory;
    }

    static String hostId(AgentExtension agent) throws Exception {
        return Http.get(agent.uri("/api/v1/host/capabilities")).json().get("hostId").asText();
    }

    /**
     * Waits until the agent is connected to its broker, so that its request address exists: a manager may not create
     * it, and a sender attached before the agent made it is refused.
     */
    static void awaitConnected(AgentExtension agent) throws Exception {
        Poll.until(Duration.ofSeconds(30), "the AMQP agent connected to its broker", () ->
                Http.post(agent.uri("/api/v1/rpc/Host.getHealth"), "{}").json().at("/checks/amqp/healthy")
                        .asBoolean() ? true : null);
    }

    /**
     * A python3 that can import proton: the one on the PATH, or Debian's (python3-qpid-proton installs into
     * the system interpreter, which a pyenv or venv python on the PATH does not see).
     */
    static synchronized String python() throws Exception {
        if (python == null) {
            for (String candidate : List.of("python3", "/usr/bin/python3")) {
                try {
                    if (Shell.run(List.of(candidate, "-c", "import proton"), 30).exit() == 0) {
                        python = candidate;
                        break;
                    }
                } catch (IOException e) {
                    // not installed there
                }
            }
            if (python == null) {
                throw new AssertionError("no python3 with Qpid Proton: install the Debian package python3-qpid-proton "
                        + "(scripts/prereqs.sh)");
            }
        }
        return python;
    }
}
