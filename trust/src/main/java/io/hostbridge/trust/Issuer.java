package io.hostbridge.trust;

import io.hostbridge.api.AccessLevel;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes the agent's certificates with BouncyCastle: its CA, the host certificate, and client certificates that carry
 * an access level. Keys are EC P-256 (small and fast; every client the agent meets speaks ECDSA), signatures
 * SHA-256 with ECDSA, serials 127 random bits.
 */
final class Issuer {
    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    static final Duration HOST_VALIDITY = HostPki.HOST_VALIDITY;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Issuer() {
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC P-256 key generator in this JVM", e);
        }
    }

    /** A self-signed CA for {@code host}. */
    static X509Certificate ca(KeyPair keys, String host) throws IOException {
        X500Principal subject = new X500Principal("CN=hostbridge CA " + host + ",O=hostbridge");
        JcaX509ExtensionUtils utils = utils();
        X509v3CertificateBuilder b = builder(subject, subject, keys, CA_VALIDITY)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
        return sign(b, keys.getPrivate());
    }

    /**
     * A host's certificate: a server (and, towards other agents and the broker, a client) named by {@code names}. As
     * a client of another agent of the same CA it has admin access: a migration's source calls
     * {@code VM.migrationCreate} (admin) and {@code VM.destroy} on its destination.
     */
    static X509Certificate host(KeyPair keys, String host, List<String> names, Duration validity, X509Certificate ca,
                                PrivateKey caKey) throws IOException {
        List<GeneralName> sans = new ArrayList<>();
        for (String name : names) {
            sans.add(isAddress(name) ? new GeneralName(GeneralName.iPAddress, name) : new GeneralName(GeneralName.dNSName, name));
        }
        X509v3CertificateBuilder b = leaf(new X500Principal("CN=" + host + ",O=hostbridge"), keys, ca, validity)
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                    KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)))
                .addExtension(AccessExtension.of(AccessLevel.ADMIN));
        return sign(b, caKey);
    }

    /** A client certificate for {@code name}, granting {@code access}. */
    static X509Certificate client(KeyPair keys, String name, AccessLevel access, Duration validity, X509Certificate ca,
                                  PrivateKey caKey) throws IOException {
        X509v3CertificateBuilder b = leaf(new X500Principal("CN=" + name + ",O=hostbridge"), keys, ca, validity)
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))
                .addExtension(AccessExtension.of(access));
        return sign(b, caKey);
    }

    private static X509v3CertificateBuilder leaf(X500Principal subject, KeyPair keys, X509Certificate ca,
                                                 Duration validity) throws IOException {
        try {
            JcaX509ExtensionUtils utils = utils();
            return builder(ca.getSubjectX500Principal(), subject, keys, validity)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(ca));
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException("cannot read the CA certificate", e);
        }
    }

    private static X509v3CertificateBuilder builder(X500Principal issuer, X500Principal subject, KeyPair keys,
                                                    Duration validity) {
        Instant now = Instant.now();
        // a little in the past: a peer whose clock is slightly behind still accepts a fresh certificate
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), subject, keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws IOException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IOException("cannot sign a certificate: " + e.getMessage(), e);
        }
    }

    private static JcaX509ExtensionUtils utils() {
        try {
            return new JcaX509ExtensionUtils();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no SHA-1 digest for key identifiers", e);
        }
    }

    static boolean isAddress(String name) {
        return name.indexOf(':') >= 0 || name.matches("[0-9.]+");
    }

    /** The names the host certificate carries: the hostname, the host's addresses, localhost and 127.0.0.1. */
    static List<String> hostNames(String host, List<InetAddress> addresses) {
        List<String> names = new ArrayList<>(List.of(host, "localhost", "127.0.0.1", "::1"));
        for (InetAddress a : addresses) {
            String text = a.getHostAddress();
            int zone = text.indexOf('%');
            names.add(zone < 0 ? text : text.substring(0, zone));
        }
        return names.stream().distinct().toList();
    }
}
