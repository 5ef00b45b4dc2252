package io.hostbridge.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.AccessLevel;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** The access level extension as a certificate of any issuer may carry it: what {@code cert issue} writes, and not. */
class AccessExtensionTest {
    private static final KeyPair KEYS = Issuer.newKeyPair();

    @Test
    void theLevelsCertIssueWritesAreRead() throws Exception {
        for (AccessLevel level : new AccessLevel[] {AccessLevel.READ, AccessLevel.WRITE, AccessLevel.ADMIN}) {
            assertThat(AccessExtension.read(certificate(AccessExtension.of(level).getExtnValue().getOctets())))
                    .as(level.wireName()).contains(level);
        }
    }

    @Test
    void anythingElseGrantsNothing() throws Exception {
        assertThat(AccessExtension.read(certificate(null))).as("no extension").isEmpty();
        assertThat(AccessExtension.read(certificate(der(new DERUTF8String("none"))))).as("none").isEmpty();
        assertThat(AccessExtension.read(certificate(der(new DERUTF8String("root"))))).as("an unknown level").isEmpty();
        assertThat(AccessExtension.read(certificate(der(new ASN1Integer(3))))).as("not a string").isEmpty();
        byte[] admin = der(new DERUTF8String("admin"));
        byte[] trailing = java.util.Arrays.copyOf(admin, admin.length + 1);
        assertThat(AccessExtension.read(certificate(trailing))).as("a byte after the string").isEmpty();
        byte[] longer = admin.clone();
        longer[1]++;
        assertThat(AccessExtension.read(certificate(longer))).as("a length beyond the value").isEmpty();
        assertThat(AccessExtension.read(certificate(new byte[0]))).as("an empty value").isEmpty();
    }

    private static byte[] der(ASN1Encodable value) throws Exception {
        return value.toASN1Primitive().getEncoded();
    }

    /** A self-signed certificate whose access extension holds {@code value} (none when null). */
    private static X509Certificate certificate(byte[] value) throws Exception {
        X500Principal name = new X500Principal("CN=caller");
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofHours(1))), name,
                KEYS.getPublic());
        if (value != null) {
            builder.addExtension(new ASN1ObjectIdentifier(AccessExtension.OID), false, value);
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(KEYS.getPrivate())));
    }
}
