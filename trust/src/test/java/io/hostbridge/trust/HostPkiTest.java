package io.hostbridge.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hostbridge.api.AccessLevel;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's own PKI: made on first use, issuing client certificates with a level, refusing revoked ones. */
class HostPkiTest {
    @TempDir
    Path dir;

    @Test
    void theFirstOpenCreatesACaAndAHostCertificateForTheHostsNamesWithPrivateKeys() throws Exception {
        HostPki pki = HostPki.open(PkiSettings.own(dir.resolve("pki")));
        Path pkiDir = dir.resolve("pki");
        for (String key : List.of(HostPki.CA_KEY, HostPki.HOST_KEY)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pkiDir.resolve(key))))
                    .as(key).isEqualTo("rw-------");
        }
        X509Certificate host = pki.chain().get(0);
        host.verify(pki.ca().getPublicKey());
        List<String> names = host.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList();
        assertThat(names).contains(HostPki.hostname(), "localhost", "127.0.0.1");
        assertThat(pki.ca().getBasicConstraints()).isGreaterThanOrEqualTo(0);

        HostPki again = HostPki.open(PkiSettings.own(pkiDir));
        assertThat(again.ca()).as("the second start reads what the first made").isEqualTo(pki.ca());
    }

    @Test
    void anIssuedClientCertificateCarriesItsLevelAndItsFilesArePem() throws Exception {
        HostPki pki = HostPki.open(PkiSettings.own(dir.resolve("pki")));
        Path out = dir.resolve("out");
        X509Certificate cert = pki.issue("ops-1", AccessLevel.WRITE, Duration.ofDays(30), out);
        assertThat(out.resolve("ops-1.pem")).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("ops-1-key.pem"))))
                .isEqualTo("rw-------");
        assertThat(Pem.certificate(out.resolve("ca.pem"))).isEqualTo(pki.ca());
        assertThat(Pem.certificate(out.resolve("ops-1.pem"))).isEqualTo(cert);
        assertThat(pki.accessOf(cert)).isEqualTo(AccessLevel.WRITE);
        assertThat(HostPki.principalOf(cert)).isEqualTo("CN=ops-1,O=hostbridge");
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThatThrownBy(() -> pki.issue("../etc", AccessLevel.READ, Duration.ofDays(1), out))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pki.issue("x", AccessLevel.NONE, Duration.ofDays(1), out))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anExistingPkiIsReadAndCannotIssue() throws Exception {
        Path own = dir.resolve("own");
        HostPki.open(PkiSettings.own(own));
        HostPki external = HostPki.open(new PkiSettings(null, own.resolve(HostPki.CA), own.resolve(HostPki.HOST),
                own.resolve(HostPki.HOST_KEY), null, null, null));
        assertThat(external.canIssue()).isFalse();
        assertThatThrownBy(() -> external.issue("a", AccessLevel.READ, Duration.ofDays(1), dir))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("existing PKI");
        assertThatThrownBy(() -> new PkiSettings(null, own.resolve(HostPki.CA), null, null, null, null, null))
                .hasMessageContaining("go together");
    }

    @Test
    void theAccessFileGivesSubjectsTheirLevelAndIsReadAgainWhenItChanges() throws Exception {
        HostPki own = HostPki.open(PkiSettings.own(dir.resolve("pki")));
        X509Certificate reader = own.issue("reader", AccessLevel.READ, Duration.ofDays(1), dir.resolve("c"));
        Path access = dir.resolve("access");
        Files.writeString(access, "# subjects\nadmin CN=reader, O=hostbridge\n");
        long[] now = {0};
        SubjectAccess subjects = new SubjectAccess(access, () -> now[0]);
        assertThat(subjects.of(reader.getSubjectX500Principal())).contains(AccessLevel.ADMIN);
        Files.writeString(access, "none CN=reader,O=hostbridge\n");
        Files.setLastModifiedTime(access, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertThat(subjects.of(reader.getSubjectX500Principal())).as("not checked again within a second")
                .contains(AccessLevel.ADMIN);
        now[0] = 2_000_000_000L;
        assertThat(subjects.of(reader.getSubjectX500Principal())).contains(AccessLevel.NONE);
        assertThat(subjects.of(new X500Principal("CN=other"))).isEmpty();
    }

    @Test
    void aRevokedClientCertificateIsRefusedInTheHandshakeAndReadsAsNoAccess() throws Exception {
        Path pkiDir = dir.resolve("pki");
        HostPki.open(PkiSettings.own(pkiDir));
        HostPki issuer = HostPki.open(PkiSettings.own(pkiDir));
        X509Certificate good = issuer.issue("good", AccessLevel.ADMIN, Duration.ofDays(1), dir.resolve("c"));
        X509Certificate bad = issuer.issue("bad", AccessLevel.ADMIN, Duration.ofDays(1), dir.resolve("c"));
        Path denied = dir.resolve("denied");
        Files.writeString(denied, bad.getSerialNumber().toString(16) + "  # lost laptop\n");
        HostPki server = HostPki.open(new PkiSettings(pkiDir, null, null, null, null, denied, null));
        assertThat(server.accessOf(bad)).isEqualTo(AccessLevel.NONE);
        assertThat(server.accessOf(good)).isEqualTo(AccessLevel.ADMIN);

        assertThat(handshake(server, client(pkiDir, "good"))).isEqualTo("CN=good,O=hostbridge");
        assertThatThrownBy(() -> handshake(server, client(pkiDir, "bad")))
                .hasStackTraceContaining("is revoked").hasCauseInstanceOf(SSLHandshakeException.class);
    }

    /**
     * A second host configured with a host certificate this agent's CA issued: each side's agent, presenting its host
     * certificate, is trusted by the other, as an admin (a migration's source calls VM.migrationCreate on its destination).
     */
    @Test
    void aHostCertificateForAnotherHostMakesBothAgentsTrustEachOther() throws Exception {
        Path pkiDir = dir.resolve("pki");
        HostPki first = HostPki.open(PkiSettings.own(pkiDir));
        Path out = dir.resolve("host2");
        X509Certificate issued = first.issueHost("host2.example.com", List.of("192.0.2.7", "2001:db8::7"),
                Duration.ofDays(1), out);
        assertThat(issued.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList())
                .containsExactly("host2.example.com", "192.0.2.7", "2001:db8:0:0:0:0:0:7");
        List<? extends java.security.cert.Certificate> written = Pem.certificates(out.resolve("host2.example.com.pem"));
        assertThat(written).as("the certificate, then the CA").hasSize(2);
        assertThat(written.get(0)).isEqualTo(issued);
        assertThat(written.get(1)).isEqualTo(first.ca());
        HostPki second = HostPki.open(new PkiSettings(null, out.resolve(HostPki.CA),
                out.resolve("host2.example.com.pem"), out.resolve("host2.example.com-key.pem"), null, null, null));
        assertThat(second.names()).contains("host2.example.com", "192.0.2.7");

        assertThat(handshake(first, second.client())).isEqualTo("CN=host2.example.com,O=hostbridge");
        assertThat(handshake(second, first.client())).startsWith("CN=").endsWith(",O=hostbridge");
        assertThat(first.accessOf(issued)).isEqualTo(AccessLevel.ADMIN);
        assertThat(second.accessOf(first.chain().get(0))).isEqualTo(AccessLevel.ADMIN);

        assertThatThrownBy(() -> first.issueHost("-bad", List.of(), Duration.ofDays(1), out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a host name");
        assertThatThrownBy(() -> first.issueHost("h", List.of("1.2.3"), Duration.ofDays(1), out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'1.2.3' is not an IP address");
        assertThatThrownBy(() -> first.issueHost("h", List.of("example.com"), Duration.ofDays(1), out))
                .hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> second.issueHost("h3", List.of(), Duration.ofDays(1), out))
                .isInstanceOf(IllegalStateException.class);
    }

    /** A CRL signed by {@code caDir}'s CA key, listing {@code revoked}, written as PEM. */
    private static Path crl(Path caDir, Path file, X509Certificate... revoked) throws Exception {
        X509Certificate ca = Pem.certificate(caDir.resolve(HostPki.CA));
        java.util.Date now = new java.util.Date();
        org.bouncycastle.cert.X509v2CRLBuilder builder = new org.bouncycastle.cert.X509v2CRLBuilder(
                org.bouncycastle.asn1.x500.X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()), now);
        builder.setNextUpdate(new java.util.Date(now.getTime() + 86_400_000L));
        for (X509Certificate c : revoked) {
            builder.addCRLEntry(c.getSerialNumber(), now, org.bouncycastle.asn1.x509.CRLReason.keyCompromise);
        }
        byte[] der = builder.build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA")
                .build(Pem.privateKey(caDir.resolve(HostPki.CA_KEY)))).getEncoded();
        Files.writeString(file, "-----BEGIN X509 CRL-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END X509 CRL-----\n");
        return file;
    }

    /** Asked per call, so a connection opened while the certificate was valid gets nothing once it expired. */
    @Test
    void anExpiredClientCertificateGrantsNothing() throws Exception {
        HostPki pki = HostPki.open(PkiSettings.own(dir.resolve("pki")));
        X509Certificate expired = pki.issue("late", AccessLevel.ADMIN, Duration.ofMinutes(-30), dir.resolve("c"));
        X509Certificate valid = pki.issue("early", AccessLevel.ADMIN, Duration.ofDays(1), dir.resolve("c"));
        assertThat(pki.accessOf(expired)).isEqualTo(AccessLevel.NONE);
        assertThat(pki.accessOf(valid)).isEqualTo(AccessLevel.ADMIN);
    }

    @Test
    void aCertificateOnTheCasCrlIsRefusedAndACrlOfAnotherCaIsNotTaken() throws Exception {
        Path pkiDir = dir.resolve("pki");
        HostPki issuer = HostPki.open(PkiSettings.own(pkiDir));
        X509Certificate good = issuer.issue("good", AccessLevel.ADMIN, Duration.ofDays(1), dir.resolve("c"));
        X509Certificate lost = issuer.issue("lost", AccessLevel.ADMIN, Duration.ofDays(1), dir.resolve("c"));
        Path list = crl(pkiDir, dir.resolve("ca.crl"), lost);
        HostPki server = HostPki.open(new PkiSettings(pkiDir, null, null, null, list, null, null));
        assertThat(server.accessOf(lost)).isEqualTo(AccessLevel.NONE);
        assertThat(server.accessOf(good)).isEqualTo(AccessLevel.ADMIN);
        assertThat(handshake(server, client(pkiDir, "good"))).isEqualTo("CN=good,O=hostbridge");
        assertThatThrownBy(() -> handshake(server, client(pkiDir, "lost")))
                .hasStackTraceContaining("is revoked").hasCauseInstanceOf(SSLHandshakeException.class);

        Path otherCa = dir.resolve("other");
        HostPki.open(PkiSettings.own(otherCa));
        Path forged = crl(otherCa, dir.resolve("forged.crl"), good);
        assertThatThrownBy(() -> HostPki.open(new PkiSettings(pkiDir, null, null, null, forged, null, null)))
                .hasMessageContaining("not a CRL signed by the agent's CA");
    }

    /** The client side of a handshake: the certificate issued as {@code name}, trusting the CA. */
    private SSLContext client(Path pkiDir, String name) throws Exception {
        Path c = dir.resolve("c");
        HostPki as = HostPki.open(new PkiSettings(null, pkiDir.resolve(HostPki.CA), c.resolve(name + ".pem"),
                c.resolve(name + "-key.pem"), null, null, null));
        return as.client();
    }

    /** Runs a TLS 1.3 handshake with client authentication; returns the client's subject as the server saw it. */
    private static String handshake(HostPki server, SSLContext client) throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) server.server().getServerSocketFactory().createServerSocket(0)) {
            listener.setNeedClientAuth(true);
            CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept(); InputStream in = s.getInputStream()) {
                    in.read();
                    return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal()
                            .getName();
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", listener.getLocalPort());
                 OutputStream out = s.getOutputStream()) {
                out.write(1);
                out.flush();
                return seen.get(10, TimeUnit.SECONDS);
            } catch (java.io.IOException e) {
                seen.get(10, TimeUnit.SECONDS); // the server's reason
                throw e;
            }
        }
    }
}
