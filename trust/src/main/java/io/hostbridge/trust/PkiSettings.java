package io.hostbridge.trust;

import java.nio.file.Path;

/**
 * Where the agent's TLS material comes from: its own PKI under {@code dir} (created on first start), or an existing
 * CA certificate, host certificate and key (all three, e.g. VDSM's layout under /etc/pki/vdsm). Revocation and
 * access files are optional (null).
 *
 * @param dir           the agent's own PKI: {@code ca.pem}, {@code ca-key.pem}, {@code host.pem}, {@code host-key.pem}
 * @param ca            an existing CA certificate, or null
 * @param cert          an existing host certificate (PEM; the chain may follow it), or null
 * @param key           the existing host certificate's private key (PEM), or null
 * @param crl           a CRL (PEM or DER) signed by the CA, read again when it changes, or null
 * @param deniedSerials a file of revoked serials (hexadecimal, one a line), read again when it changes, or null
 * @param subjectAccess a file of {@code <level> <subject DN>} lines overriding certificates' levels, or null
 */
public record PkiSettings(Path dir, Path ca, Path cert, Path key, Path crl, Path deniedSerials, Path subjectAccess) {
    public PkiSettings {
        int given = (ca == null ? 0 : 1) + (cert == null ? 0 : 1) + (key == null ? 0 : 1);
        if (given != 0 && given != 3) {
            throw new IllegalArgumentException("tls.ca, tls.cert and tls.key go together: set all three for an"
                    + " existing PKI, or none for the agent's own");
        }
        if (given == 0 && dir == null) {
            throw new IllegalArgumentException("the agent's own PKI needs a directory");
        }
    }

    /** The agent's own PKI under {@code dir}. */
    public static PkiSettings own(Path dir) {
        return new PkiSettings(dir, null, null, null, null, null, null);
    }

    boolean external() {
        return ca != null;
    }
}
