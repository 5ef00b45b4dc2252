package io.hostbridge.trust;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Which certificates are revoked: those a CRL file lists (PEM or DER, signed by the agent's CA) and those whose
 * serial a deny-list file names (one hexadecimal serial a line, {@code #} comments). Both are read again when they
 * change, so revoking needs no restart.
 */
public final class Revocation {
    private final Optional<WatchedFile<X509CRL>> crl;
    private final Optional<WatchedFile<Set<BigInteger>>> denied;

    Revocation(Path crlFile, Path deniedSerialsFile, X509Certificate ca, LongSupplier clock) throws IOException {
        this.crl = crlFile == null ? Optional.empty()
                : Optional.of(new WatchedFile<>(crlFile, bytes -> parseCrl(bytes, ca, crlFile), null, clock));
        this.denied = deniedSerialsFile == null ? Optional.empty()
                : Optional.of(new WatchedFile<>(deniedSerialsFile, bytes -> parseSerials(bytes, deniedSerialsFile),
                        Set.of(), clock));
    }

    /** A revocation that revokes nothing. */
    static Revocation none() {
        try {
            return new Revocation(null, null, null, System::nanoTime);
        } catch (IOException e) {
            throw new IllegalStateException(e); // reads no file
        }
    }

    public boolean isRevoked(X509Certificate certificate) {
        if (denied.isPresent() && denied.get().get().contains(certificate.getSerialNumber())) {
            return true;
        }
        X509CRL list = crl.map(WatchedFile::get).orElse(null);
        return list != null && list.isRevoked(certificate);
    }

    private static X509CRL parseCrl(byte[] bytes, X509Certificate ca, Path file) throws IOException {
        try {
            X509CRL list = (X509CRL) CertificateFactory.getInstance("X.509")
                    .generateCRL(new ByteArrayInputStream(bytes));
            list.verify(ca.getPublicKey());
            return list;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException(file + ": not a CRL signed by the agent's CA (" + e.getMessage() + ")", e);
        }
    }

    private static Set<BigInteger> parseSerials(byte[] bytes, Path file) throws IOException {
        Set<BigInteger> serials = new HashSet<>();
        int n = 0;
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            n++;
            String s = line.replaceAll("#.*", "").strip().toLowerCase(Locale.ROOT).replace(":", "");
            if (s.isEmpty()) {
                continue;
            }
            try {
                serials.add(new BigInteger(s.startsWith("0x") ? s.substring(2) : s, 16));
            } catch (NumberFormatException e) {
                throw new IOException(file + " line " + n + ": not a hexadecimal serial number");
            }
        }
        return Set.copyOf(serials);
    }
}
