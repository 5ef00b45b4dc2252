package io.hostbridge.trust;

import io.hostbridge.api.AccessLevel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.Extension;

/**
 * The access level a client certificate grants, as {@code cert issue} writes it: a non-critical extension holding
 * {@code read}, {@code write} or {@code admin}. Its OID is a UUID OID (ITU-T X.667, arc 2.25), so it needs no
 * registration and clashes with nothing.
 */
final class AccessExtension {
    static final String OID = "2.25.246694983177746578348051615779115209191";
    /** DER tags: OCTET STRING (the extension's value), UTF8String (the level's name in it). */
    private static final int OCTET_STRING = 0x04;
    private static final int UTF8_STRING = 0x0c;

    private AccessExtension() {
    }

    static Extension of(AccessLevel level) throws IOException {
        return new Extension(new ASN1ObjectIdentifier(OID), false, new DERUTF8String(level.wireName()).getEncoded());
    }

    /**
     * The level the certificate carries; empty when it has none or an unreadable one. Read without BouncyCastle (a
     * handshake's path): an OCTET STRING holding a UTF8String, both of a short length, as {@link #of} writes them.
     */
    static Optional<AccessLevel> read(X509Certificate certificate) {
        byte[] outer = certificate.getExtensionValue(OID);
        if (outer == null || outer.length < 4 || outer[0] != OCTET_STRING || outer[1] != outer.length - 2
                || outer[2] != UTF8_STRING || outer[3] != outer.length - 4) {
            return Optional.empty();
        }
        String name = new String(outer, 4, outer.length - 4, StandardCharsets.UTF_8);
        try {
            return Optional.of(AccessLevel.valueOf(name.toUpperCase(Locale.ROOT))).filter(l -> l != AccessLevel.NONE);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
