package io.hostbridge.core.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.vm.MigrationTarget;
import io.hostbridge.api.vm.VmParams;
import io.hostbridge.trust.HostPki;
import io.hostbridge.trust.PkiSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A migration's source calls its destination agent over mutual TLS with the host certificate: a destination of the
 * same CA, named as {@code dst} says, hears the source's host certificate; one of another CA, or whose certificate
 * names another host, is not called at all.
 */
class RemoteAgentTlsTest {
    @TempDir
    Path dir;
    private HttpsServer server;
    private final List<String> callers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A destination agent's stand-in: TLS with {@code pki}'s host certificate, client certificates required. */
    private String destination(HostPki pki) throws Exception {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(pki.server()) {
            @Override
            public void configure(HttpsParameters params) {
                // as SSLParameters: the plain setter is undone by the server's own setWantClientAuth(false)
                SSLParameters ssl = pki.server().getDefaultSSLParameters();
                ssl.setNeedClientAuth(true);
                params.setSSLParameters(ssl);
            }
        });
        server.createContext("/api/v1/rpc/VM.migrationCreate", exchange -> {
            callers.add(((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName());
            byte[] body = "{\"libvirtUri\":\"qemu+tls://127.0.0.1/system\",\"domainType\":\"kvm\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private static HostPki hostOf(Path out, String name) throws Exception {
        return HostPki.open(new PkiSettings(null, out.resolve(HostPki.CA), out.resolve(name + ".pem"),
                out.resolve(name + "-key.pem"), null, null, null));
    }

    private static VmParams params(UUID id) {
        return new VmParams(id, "m-" + id.toString().substring(0, 8), 64, null, null, null, null, null, null, false,
                null, null, null, null, null, null, null);
    }

    @Test
    void aDestinationOfTheSameCaIsCalledWithTheHostCertificate() throws Exception {
        HostPki source = HostPki.open(PkiSettings.own(dir.resolve("source")));
        source.issueHost("host2", List.of("127.0.0.1"), Duration.ofDays(1), dir.resolve("host2"));
        String dst = destination(hostOf(dir.resolve("host2"), "host2"));
        RemoteAgent remote = new RemoteAgent(new VmCodec(), Optional.empty(), Optional.of(source));

        UUID id = UUID.randomUUID();
        MigrationTarget target = remote.migrationCreate(dst, id, params(id));
        assertThat(target.libvirtUri()).isEqualTo("qemu+tls://127.0.0.1/system");
        assertThat(callers).containsExactly(source.chain().get(0).getSubjectX500Principal().getName());
    }

    @Test
    void aDestinationOfAnotherCaIsRefusedBeforeAnyRequest() throws Exception {
        HostPki source = HostPki.open(PkiSettings.own(dir.resolve("source")));
        HostPki stranger = HostPki.open(PkiSettings.own(dir.resolve("stranger")));
        String dst = destination(stranger);
        RemoteAgent remote = new RemoteAgent(new VmCodec(), Optional.empty(), Optional.of(source));

        UUID id = UUID.randomUUID();
        assertThatThrownBy(() -> remote.migrationCreate(dst, id, params(id)))
                .isInstanceOfSatisfying(BridgeException.class, e -> {
                    assertThat(e.error()).isEqualTo(ErrorCode.MIGRATE_ERR);
                    assertThat(e.getMessage()).contains("cannot reach the destination agent at " + dst)
                            .doesNotContainIgnoringCase("certificate").doesNotContain("PKIX");
                });
        assertThat(callers).isEmpty();
    }

    @Test
    void aDestinationWhoseCertificateNamesAnotherHostIsRefused() throws Exception {
        HostPki source = HostPki.open(PkiSettings.own(dir.resolve("source")));
        source.issueHost("elsewhere.example.com", List.of("192.0.2.9"), Duration.ofDays(1), dir.resolve("other"));
        String dst = destination(hostOf(dir.resolve("other"), "elsewhere.example.com"));
        RemoteAgent remote = new RemoteAgent(new VmCodec(), Optional.empty(), Optional.of(source));

        UUID id = UUID.randomUUID();
        assertThatThrownBy(() -> remote.migrationCreate(dst, id, params(id)))
                .isInstanceOfSatisfying(BridgeException.class,
                        e -> assertThat(e.error()).isEqualTo(ErrorCode.MIGRATE_ERR));
        assertThat(callers).isEmpty();
    }
}
