package io.hostbridge.trust;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.Printable;
import io.hostbridge.api.spi.HostTls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.security.auth.x500.X500Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's TLS material: the CA its clients and peers are signed by, the host certificate and key, revocation,
 * and what a client certificate is allowed to do. Its own PKI is created on first use (a CA and a host certificate
 * for the host's names); an existing one (VDSM's, a company CA's) is read instead, and then certificates are issued
 * elsewhere.
 */
public final class HostPki implements HostTls {
    public static final String CA = "ca.pem";
    public static final String CA_KEY = "ca-key.pem";
    public static final String HOST = "host.pem";
    public static final String HOST_KEY = "host-key.pem";
    /** How long host certificates are valid. */
    public static final Duration HOST_VALIDITY = Duration.ofDays(1825);
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final Logger LOG = LoggerFactory.getLogger(HostPki.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    private final X509Certificate ca;
    private final PrivateKey caKey;
    private final List<X509Certificate> chain;
    private final PrivateKey key;
    private final Revocation revocation;
    private final SubjectAccess subjects;
    /** Serves both sides: the same certificate, key and trust whether the agent listens or connects. */
    private final SSLContext context;

    private HostPki(X509Certificate ca, PrivateKey caKey, List<X509Certificate> chain, PrivateKey key,
                    Revocation revocation, SubjectAccess subjects) throws GeneralSecurityException {
        this.ca = ca;
        this.caKey = caKey;
        this.chain = List.copyOf(chain);
        this.key = key;
        this.revocation = revocation;
        this.subjects = subjects;
        this.context = context();
    }

    /**
     * Reads the PKI the settings name; the agent's own is created first when its directory has none.
     *
     * @throws IOException naming the file that is missing or wrong
     */
    public static HostPki open(PkiSettings settings) throws IOException {
        X509Certificate ca;
        PrivateKey caKey = null;
        List<X509Certificate> chain;
        PrivateKey key;
        if (settings.external()) {
            ca = Pem.certificate(settings.ca());
            chain = Pem.certificates(settings.cert());
            key = Pem.privateKey(settings.key());
        } else {
            Path dir = settings.dir();
            if (!Files.exists(dir.resolve(CA))) {
                create(dir);
            }
            ca = Pem.certificate(dir.resolve(CA));
            caKey = Pem.privateKey(dir.resolve(CA_KEY));
            chain = Pem.certificates(dir.resolve(HOST));
            key = Pem.privateKey(dir.resolve(HOST_KEY));
        }
        if (!belongTogether(chain.get(0), key)) {
            throw new IOException("the host key does not belong to the host certificate");
        }
        try {
            return new HostPki(ca, caKey, chain, key,
                    new Revocation(settings.crl(), settings.deniedSerials(), ca, System::nanoTime),
                    new SubjectAccess(settings.subjectAccess(), System::nanoTime));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build TLS contexts: " + e.getMessage(), e);
        }
    }

    /** Creates a CA and a host certificate under {@code dir} (keys 0600), as on the agent's first start. */
    static void create(Path dir) throws IOException {
        String host = hostname();
        KeyPair caKeys = Issuer.newKeyPair();
        X509Certificate ca = Issuer.ca(caKeys, host);
        KeyPair hostKeys = Issuer.newKeyPair();
        List<String> names = Issuer.hostNames(host, addresses());
        X509Certificate cert = Issuer.host(hostKeys, host, names, Issuer.HOST_VALIDITY, ca, caKeys.getPrivate());
        Files.createDirectories(dir);
        Pem.writePrivate(dir.resolve(CA_KEY), caKeys.getPrivate());
        Pem.writePrivate(dir.resolve(HOST_KEY), hostKeys.getPrivate());
        Pem.writePublic(dir.resolve(HOST), cert, ca);
        Pem.writePublic(dir.resolve(CA), ca); // last: its presence says the PKI is complete
        LOG.info("created the agent's CA and host certificate under {} for {}", dir, names);
    }

    /** Whether this agent holds its CA's key, and so can issue client certificates. */
    public boolean canIssue() {
        return caKey != null;
    }

    /**
     * Issues a client certificate for {@code name} granting {@code access}: writes {@code NAME.pem},
     * {@code NAME-key.pem} (0600) and {@code ca.pem} into {@code out}.
     *
     * @return the certificate
     * @throws IllegalArgumentException for a name that is not 1 to 64 of letters, digits, '.', '_', '-'
     * @throws IllegalStateException    when the PKI is an existing one whose CA key the agent does not hold
     */
    public X509Certificate issue(String name, AccessLevel access, Duration validity, Path out) throws IOException {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a certificate name has 1 to 64 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit");
        }
        if (access == AccessLevel.NONE) {
            throw new IllegalArgumentException("a client certificate grants read, write or admin access");
        }
        if (!canIssue()) {
            throw new IllegalStateException("this agent uses an existing PKI (tls.ca, tls.cert, tls.key): issue"
                    + " client certificates with that PKI's CA");
        }
        KeyPair keys = Issuer.newKeyPair();
        X509Certificate cert = Issuer.client(keys, name, access, validity, ca, caKey);
        Pem.writePrivate(out.resolve(name + "-key.pem"), keys.getPrivate());
        Pem.writePublic(out.resolve(name + ".pem"), cert);
        Pem.writePublic(out.resolve(CA), ca);
        LOG.info("issued a client certificate for {} ({} access, serial {})", name, access.wireName(),
                cert.getSerialNumber().toString(16));
        return cert;
    }

    /**
     * Issues a host certificate for another host of the cluster, so that its agent and this one trust each other (it
     * configures them as {@code tls.ca}, {@code tls.cert}, {@code tls.key}): named {@code name} and {@code addresses}
     * (what callers and other agents will call it), with admin access towards agents of this CA (a migration's source
     * calls {@code VM.migrationCreate} on its destination). Writes
     * {@code NAME.pem} (the certificate and the CA), {@code NAME-key.pem} (0600) and {@code ca.pem} into {@code out}.
     *
     * @throws IllegalArgumentException for a name that is not a host name, or an address that is not an IP address
     * @throws IllegalStateException    when the PKI is an existing one whose CA key the agent does not hold
     */
    public X509Certificate issueHost(String name, List<String> addresses, Duration validity, Path out)
            throws IOException {
        if (!HOST_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + Printable.of(name) + "' is not a host name (letters, digits, '-'"
                    + " in dot-separated labels)");
        }
        for (String address : addresses) {
            if (!isAddressLiteral(address)) {
                throw new IllegalArgumentException("'" + Printable.of(address) + "' is not an IP address");
            }
        }
        if (!canIssue()) {
            throw new IllegalStateException("this agent uses an existing PKI (tls.ca, tls.cert, tls.key): issue"
                    + " host certificates with that PKI's CA");
        }
        List<String> names = new ArrayList<>();
        names.add(name);
        names.addAll(addresses);
        KeyPair keys = Issuer.newKeyPair();
        X509Certificate cert = Issuer.host(keys, name, names, validity, ca, caKey);
        Pem.writePrivate(out.resolve(name + "-key.pem"), keys.getPrivate());
        Pem.writePublic(out.resolve(name + ".pem"), cert, ca);
        Pem.writePublic(out.resolve(CA), ca);
        LOG.info("issued a host certificate for {} {} (serial {})", name, names,
                cert.getSerialNumber().toString(16));
        return cert;
    }

    public X509Certificate ca() {
        return ca;
    }

    /** An IPv4 address in dotted quads, or an IPv6 address (no zone, no brackets); never a name to look up. */
    static boolean isAddressLiteral(String s) {
        if (IPV4.matcher(s).matches()) {
            return true;
        }
        if (s.isEmpty() || s.length() > 45 || !s.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)
                || s.indexOf(':') < 0) {
            return false;
        }
        try {
            return InetAddress.getByName(s) instanceof java.net.Inet6Address;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The host certificate, then the rest of its chain as configured. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /**
     * What a verified client certificate may do now: revoked or expired, nothing; else the access file's level for its
     * subject, else the level the certificate carries, else nothing. Asked per call and per broker operation, so
     * revocation and expiry reach connections opened before.
     */
    public AccessLevel accessOf(X509Certificate certificate) {
        if (revocation.isRevoked(certificate) || !validNow(certificate)) {
            return AccessLevel.NONE;
        }
        return subjects.of(certificate.getSubjectX500Principal())
                .or(() -> AccessExtension.read(certificate)).orElse(AccessLevel.NONE);
    }

    private static boolean validNow(X509Certificate certificate) {
        try {
            certificate.checkValidity();
            return true;
        } catch (java.security.cert.CertificateException e) {
            return false;
        }
    }

    /** The caller's name for logs: the certificate's subject. */
    public static String principalOf(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
    }

    @Override
    public SSLContext server() {
        return context;
    }

    @Override
    public SSLContext client() {
        return context;
    }

    @Override
    public List<String> protocols() {
        return PROTOCOLS;
    }

    @Override
    public X509Certificate certificate() {
        return chain.get(0);
    }

    @Override
    public List<String> names() {
        try {
            Collection<List<?>> sans = chain.get(0).getSubjectAlternativeNames();
            return sans == null ? List.of() : sans.stream().map(n -> String.valueOf(n.get(1))).toList();
        } catch (java.security.cert.CertificateParsingException e) {
            return List.of();
        }
    }

    /** The host key and chain in a PKCS#12 store, for libraries that take stores (the broker, its clients). */
    public KeyStore keyStore(char[] password) throws GeneralSecurityException {
        KeyStore store = emptyStore();
        store.setKeyEntry("host", key, password, chain.toArray(X509Certificate[]::new));
        return store;
    }

    /** The CA alone in a PKCS#12 store. */
    public KeyStore trustStore() throws GeneralSecurityException {
        KeyStore store = emptyStore();
        store.setCertificateEntry("ca", ca);
        return store;
    }

    private SSLContext context() throws GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore(new char[0]), new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), new TrustManager[] {new AgentTrustManager(ca, revocation)}, null);
        return context;
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e); // an empty in-memory store cannot fail to load
        }
        return store;
    }

    /** Whether {@code key} signs what {@code certificate}'s public key verifies (a private key has no public half). */
    private static boolean belongTogether(X509Certificate certificate, PrivateKey key) {
        try {
            Signature signer = Signature.getInstance(
                    key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm());
            byte[] probe = "hostbridge".getBytes(StandardCharsets.US_ASCII);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            signer.initVerify(certificate.getPublicKey());
            signer.update(probe);
            return signer.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static List<InetAddress> addresses() {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && !nic.isLoopback()) {
                    out.addAll(Collections.list(nic.getInetAddresses()));
                }
            }
        } catch (SocketException e) {
            LOG.warn("cannot list the host's addresses for its certificate: {}", e.getMessage());
        }
        return out;
    }
}
