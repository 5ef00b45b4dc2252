package io.hostbridge.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM files as OpenSSL writes them (an external PKI's): every key form the agent reads, and what it refuses. */
class PemTest {
    @TempDir
    Path dir;

    @Test
    void keysInPkcs8AndOpenSslsTraditionalFormsSignForTheirCertificate() throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ec8.pem",
                "-out", "ec.crt", "-subj", "/CN=ec", "-days", "1");
        openssl("ec", "-in", "ec8.pem", "-out", "ec-traditional.pem");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "rsa8.pem", "-out", "rsa.crt", "-subj",
                "/CN=rsa", "-days", "1");
        openssl("rsa", "-in", "rsa8.pem", "-traditional", "-out", "rsa-traditional.pem");
        assertThat(Files.readString(dir.resolve("ec8.pem"))).contains("BEGIN PRIVATE KEY");
        assertThat(Files.readString(dir.resolve("ec-traditional.pem"))).contains("BEGIN EC PRIVATE KEY");
        assertThat(Files.readString(dir.resolve("rsa-traditional.pem"))).contains("BEGIN RSA PRIVATE KEY");

        X509Certificate ec = Pem.certificate(dir.resolve("ec.crt"));
        X509Certificate rsa = Pem.certificate(dir.resolve("rsa.crt"));
        assertThat(ec.getSubjectX500Principal().getName()).isEqualTo("CN=ec");
        for (String file : List.of("ec8.pem", "ec-traditional.pem")) {
            assertThat(signsFor(Pem.privateKey(dir.resolve(file)), ec, "SHA256withECDSA")).as(file).isTrue();
        }
        for (String file : List.of("rsa8.pem", "rsa-traditional.pem")) {
            assertThat(signsFor(Pem.privateKey(dir.resolve(file)), rsa, "SHA256withRSA")).as(file).isTrue();
        }
        assertThat(Pem.privateKey(dir.resolve("ec8.pem")).getAlgorithm()).isEqualTo("EC");
        assertThat(Pem.privateKey(dir.resolve("rsa8.pem")).getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void aChainWithOpenSslsTextBetweenItsCertificatesIsReadInOrder() throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "a.key",
                "-out", "a.crt", "-subj", "/CN=first", "-days", "1");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "b.key",
                "-out", "b.crt", "-subj", "/CN=second", "-days", "1");
        openssl("x509", "-in", "a.crt", "-text", "-out", "a.txt");
        openssl("x509", "-in", "b.crt", "-text", "-out", "b.txt");
        Files.writeString(dir.resolve("chain.pem"), Files.readString(dir.resolve("a.txt"))
                + Files.readString(dir.resolve("b.txt")));
        assertThat(Pem.certificates(dir.resolve("chain.pem"))).extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactly("CN=first", "CN=second");
    }

    @Test
    void anEncryptedKeyATruncatedBlockAndAFileWithoutOneAreRefusedByName() throws Exception {
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes256", "-pass", "pass:x",
                "-out", "encrypted.pem");
        assertThatThrownBy(() -> Pem.privateKey(dir.resolve("encrypted.pem"))).isInstanceOf(IOException.class)
                .hasMessageContaining("encrypted.pem").hasMessageContaining("no unencrypted PEM private key");

        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "key.pem");
        List<String> lines = Files.readAllLines(dir.resolve("key.pem"));
        Files.write(dir.resolve("truncated.pem"), lines.subList(0, lines.size() - 1));
        assertThatThrownBy(() -> Pem.privateKey(dir.resolve("truncated.pem"))).isInstanceOf(IOException.class)
                .hasMessageContaining("no '-----END PRIVATE KEY-----' after line 1");

        Files.writeString(dir.resolve("garbled.pem"), "-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> Pem.privateKey(dir.resolve("garbled.pem"))).isInstanceOf(IOException.class)
                .hasMessageContaining("not valid base64");
        Files.writeString(dir.resolve("junk.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> Pem.privateKey(dir.resolve("junk.pem"))).isInstanceOf(IOException.class)
                .hasMessageContaining("not a PKCS#8");

        assertThatThrownBy(() -> Pem.certificates(dir.resolve("key.pem"))).isInstanceOf(IOException.class)
                .hasMessageContaining("no PEM certificate in it");
    }

    private static boolean signsFor(PrivateKey key, X509Certificate certificate, String algorithm) throws Exception {
        byte[] data = "hostbridge".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        try {
            signer.initSign(key);
        } catch (java.security.InvalidKeyException e) {
            return false;
        }
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(data);
        return verifier.verify(signature);
    }

    private void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
