package io.hostbridge.trust;

/**
 * @param pki  where the TLS material comes from
 * @param unix who besides root may use the local unix socket
 */
public record TrustSettings(PkiSettings pki, UnixAccess unix) {
}
