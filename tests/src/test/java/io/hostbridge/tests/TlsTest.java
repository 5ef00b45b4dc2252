package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hostbridge.api.AccessLevel;
import io.hostbridge.trust.HostPki;
import io.hostbridge.trust.PkiSettings;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API on its secure default, driven by curl, openssl and Python as remote callers would: TLS 1.2+ only, a
 * client certificate from the agent's CA required, the caller's level from its certificate (or the access file),
 * and every refusal clear.
 */
class TlsTest {
    @TempDir
    static Path tmp;
    static Path denied;
    static Path subjects;

    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(secure());

    private static Map<String, String> secure() {
        try {
            Path dir = java.nio.file.Files.createTempDirectory("hostbridge-tls");
            denied = dir.resolve("denied-serials");
            subjects = dir.resolve("subject-access");
            Files.writeString(denied, "");
            Files.writeString(subjects, "");
            return Map.of("http.insecure", "false", "imageio.tls", "true", "tls.deniedSerials", denied.toString(),
                    "tls.subjectAccess", subjects.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static HostPki pki;

    @BeforeAll
    static void issueClients() throws Exception {
        pki = HostPki.open(PkiSettings.own(agent.pkiDir()));
        for (AccessLevel level : List.of(AccessLevel.READ, AccessLevel.WRITE, AccessLevel.ADMIN)) {
            pki.issue(level.wireName(), level, Duration.ofDays(1), tmp);
        }
        pki.issue("expired", AccessLevel.ADMIN, Duration.ofMinutes(-30), tmp);
        pki.issue("revoked", AccessLevel.ADMIN, Duration.ofDays(1), tmp);
        pki.issue("mapped", AccessLevel.READ, Duration.ofDays(1), tmp);
        HostPki other = HostPki.open(PkiSettings.own(tmp.resolve("other-ca")));
        other.issue("stranger", AccessLevel.ADMIN, Duration.ofDays(1), tmp.resolve("other"));
    }

    private static Shell.Result curl(String who, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--cacert", tmp.resolve("ca.pem").toString()));
        if (who != null) {
            Path dir = who.equals("stranger") ? tmp.resolve("other") : tmp;
            command.addAll(List.of("--cert", dir.resolve(who + ".pem").toString(), "--key",
                    dir.resolve(who + "-key.pem").toString()));
        }
        command.addAll(List.of(args));
        return Shell.run(command, 30);
    }

    private static Shell.Result call(String who, String verb, String json) throws Exception {
        return curl(who, "-H", "Content-Type: application/json", "-d", json,
                agent.uri("/api/v1/rpc/" + verb).toString());
    }

    @Test
    void aClientCertificateOfTheAgentsCaIsServedWithItsLevel() throws Exception {
        Shell.Result caps = curl("read", agent.uri("/api/v1/host/capabilities").toString());
        assertThat(caps.exit()).as(caps.err()).isZero();
        assertThat(Http.JSON.readTree(caps.out()).path("hostId").asText()).matches("[0-9a-f-]{36}");

        Shell.Result refused = call("read", "VM.create", "{\"vmID\":\"" + UUID.randomUUID()
                + "\",\"vmParams\":{\"vmName\":\"t1\",\"memSize\":64}}");
        JsonNode problem = Http.JSON.readTree(refused.out());
        assertThat(problem.path("status").asInt()).isEqualTo(403);
        assertThat(problem.path("code").asInt()).isEqualTo(5003);
        assertThat(problem.path("detail").asText()).contains("VM.create", "needs write", "CN=read,O=hostbridge has read");

        String vm = UUID.randomUUID().toString();
        Shell.Result created = call("write", "VM.create", "{\"vmID\":\"" + vm
                + "\",\"vmParams\":{\"vmName\":\"t2\",\"memSize\":64}}");
        assertThat(Http.JSON.readTree(created.out()).path("vmId").asText()).as(created.out()).isEqualTo(vm);
        Shell.Result ticket = call("write", "Host.add_image_ticket", "{\"ticket\":{\"uuid\":\"" + UUID.randomUUID()
                + "\",\"size\":1,\"ops\":[\"read\"],\"timeout\":60,\"url\":\"file:///etc/passwd\"}}");
        assertThat(Http.JSON.readTree(ticket.out()).path("detail").asText()).contains("needs admin", "has write");
        assertThat(call("admin", "VM.destroy", "{\"vmID\":\"" + vm + "\"}").out()).isEqualTo("true");
    }

    @Test
    void withoutACertificateOrWithAStrangersOrAnExpiredOneThereIsNoConnection() throws Exception {
        String url = agent.uri("/api/v1/host/capabilities").toString();
        for (String who : new String[] {null, "stranger", "expired"}) {
            Shell.Result r = curl(who, url);
            assertThat(r.exit()).as("%s: %s", who, r.err()).isNotZero();
            assertThat(r.out()).isEmpty();
        }
        Shell.Result plain = Shell.run(List.of("curl", "-sS", agent.uri("/api/v1/host/capabilities").toString()
                .replace("https:", "http:")), 30);
        assertThat(plain.out()).doesNotContain("hostId");
    }

    @Test
    void aRevokedCertificateIsRefusedOnceItsSerialIsListedWithoutARestart() throws Exception {
        String url = agent.uri("/api/v1/host/capabilities").toString();
        assertThat(curl("revoked", url).exit()).isZero();
        HostPki holder = HostPki.open(new PkiSettings(null, tmp.resolve("ca.pem"), tmp.resolve("revoked.pem"),
                tmp.resolve("revoked-key.pem"), null, null, null));
        // a keep-alive connection opened before the revocation
        java.net.http.HttpClient open = java.net.http.HttpClient.newBuilder().sslContext(holder.client())
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        java.net.http.HttpRequest ping = java.net.http.HttpRequest.newBuilder(agent.uri("/api/v1/rpc/Host.ping2"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build();
        assertThat(open.send(ping, java.net.http.HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("true");

        Files.writeString(denied, holder.chain().get(0).getSerialNumber().toString(16) + "\n");
        Poll.until(Duration.ofSeconds(10), "revoked certificate refused", () -> {
            Shell.Result r = curl("revoked", url);
            return r.exit() != 0 ? r : null;
        });
        assertThat(curl("admin", url).exit()).as("others are not affected").isZero();
        java.net.http.HttpResponse<String> after = open.send(ping, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode()).as("the open connection's next call: " + after.body()).isEqualTo(403);
        assertThat(after.body()).contains("\"code\":5003", "has none");
    }

    @Test
    void theAccessFileOverridesTheLevelInTheCertificate() throws Exception {
        assertThat(call("mapped", "VM.destroy", "{\"vmID\":\"" + UUID.randomUUID() + "\"}").out()).contains("5003");
        Files.writeString(subjects, "write CN=mapped,O=hostbridge\n");
        Poll.until(Duration.ofSeconds(10), "the access file read again", () -> {
            Shell.Result r = call("mapped", "VM.destroy", "{\"vmID\":\"" + UUID.randomUUID() + "\"}");
            return r.out().contains("\"code\":1") ? r : null; // no such VM: the call ran
        });
    }

    @Test
    void tls10And11AreRefusedAnd12Works() throws Exception {
        String target = "127.0.0.1:" + agent.port();
        for (String old : new String[] {"-tls1", "-tls1_1"}) {
            Shell.Result r = Shell.sh("echo | openssl s_client -connect " + target + " " + old
                    + " -CAfile " + tmp.resolve("ca.pem") + " 2>&1", 30);
            // no session: the handshake failed, nothing was read from the agent
            assertThat(r.out()).as(old).contains("Cipher is (NONE)").doesNotContain("BEGIN CERTIFICATE");
        }
        Shell.Result tls12 = Shell.sh("echo | openssl s_client -connect " + target + " -tls1_2 -CAfile "
                + tmp.resolve("ca.pem") + " -cert " + tmp.resolve("read.pem") + " -key " + tmp.resolve("read-key.pem")
                + " 2>&1", 30);
        assertThat(tls12.out()).contains("Protocol  : TLSv1.2", "Verify return code: 0 (ok)");
    }

    @Test
    void pythonsXmlRpcClientOverHttpsWithACertificate() throws Exception {
        String script = String.join("\n",
                "import ssl, sys, xmlrpc.client",
                "ctx = ssl.create_default_context(cafile=sys.argv[2])",
                "ctx.load_cert_chain(sys.argv[3], sys.argv[4])",
                "server = xmlrpc.client.ServerProxy(sys.argv[1], context=ctx)",
                "print(server.getVdsCapabilities()['status']['code'])");
        Shell.Result r = Shell.run(List.of("python3", "-c", script, agent.uri("/RPC2").toString()
                .replace("127.0.0.1", "localhost"), tmp.resolve("ca.pem").toString(), tmp.resolve("read.pem").toString(),
                tmp.resolve("read-key.pem").toString()), 60);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("0");
    }

    @Test
    void theImageDataPortSpeaksTlsWithTheHostCertificate() throws Exception {
        String url = "https://localhost:" + agent.imageioPort() + "/images/*";
        Shell.Result options = Shell.run(List.of("curl", "-sS", "-X", "OPTIONS", "--cacert",
                tmp.resolve("ca.pem").toString(), url), 30);
        assertThat(options.out()).as(options.err()).contains("\"features\"");
        Shell.Result plain = Shell.run(List.of("curl", "-sS", "-X", "OPTIONS", url.replace("https:", "http:")), 30);
        assertThat(plain.out()).doesNotContain("features");
    }
}
