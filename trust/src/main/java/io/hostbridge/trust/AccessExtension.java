package io.hostbridge.trust;

import io.hostbridge.api.AccessLevel;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.Extension;

/**
 * The access level a client certificate grants, as {@code cert issue} writes it: a non-critical extension holding
 * {@code read}, {@code write} or {@code admin}. Its OID is a UUID OID (ITU-T X.667, arc 2.25), so it needs no
 * registration and clashes with nothing.
 */
final class AccessExtension {
    static final ASN1ObjectIdentifier OID = new ASN1ObjectIdentifier("2.25.246694983177746578348051615779115209191");

    private AccessExtension() {
    }

    static Extension of(AccessLevel level) throws IOException {
        return new Extension(OID, false, new DERUTF8String(level.wireName()).getEncoded());
    }

    /** The level the certificate carries; empty when it has none or an unreadable one. */
    static Optional<AccessLevel> read(X509Certificate certificate) {
        byte[] outer = certificate.getExtensionValue(OID.getId());
        if (outer == null) {
            return Optional.empty();
        }
        try {
            ASN1Primitive inner = ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(outer).getOctets());
            String name = DERUTF8String.getInstance(inner).getString();
            return Optional.of(AccessLevel.valueOf(name.toUpperCase(Locale.ROOT)))
                    .filter(level -> level != AccessLevel.NONE);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
