package io.hostbridge.trust;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.spi.BrokerLogins;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users of the agent's embedded broker:
 * <ul>
 *   <li>clients with a certificate of the agent's CA (SASL EXTERNAL), at the level the certificate (or the access
 *       file) gives, checked again on every use so revocation and expiry apply to open connections. Each certificate
 *       is a user of its own, named by its subject and serial, e.g. {@code CN=ops,O=hostbridge;serial=1f3a} (one
 *       word in the access log, as long as the subject has no space): two certificates of one subject with
 *       different levels never pass for each other;</li>
 *   <li>the host certificate: the agent itself;</li>
 *   <li>password users (SASL PLAIN) from the users file, at the level it gives them;</li>
 *   <li>with {@code amqp.insecure}, {@code anonymous} clients of the plain loopback listener, admin as the insecure
 *       HTTP listener's callers are.</li>
 * </ul>
 */
public final class EmbeddedBrokerUsers implements BrokerLogins {
    static final String ANONYMOUS = "anonymous";

    private final HostPki pki;
    private final PasswordUsers passwords;
    private final boolean insecure;
    /** The certificates that logged in, by user name: as many as the CA issued at most. */
    private final Map<String, X509Certificate> certificates = new ConcurrentHashMap<>();
    /**
     * Their names: the broker asks about the certificate again before every operation, and the name (the subject
     * formatted, the serial in hexadecimal) is the same every time, unlike the certificate's level.
     */
    private final Map<X509Certificate, String> names = new ConcurrentHashMap<>();

    EmbeddedBrokerUsers(HostPki pki, PasswordUsers passwords, boolean insecure) {
        this.pki = pki;
        this.passwords = passwords;
        this.insecure = insecure;
    }

    /**
     * @param passwordUsers the password users' file ({@code broker.users}), or null for none
     * @param insecure      whether anonymous clients of the plain loopback listener are admin ({@code amqp.insecure})
     * @throws IOException naming the line of the users file that is wrong
     */
    public static EmbeddedBrokerUsers open(HostPki pki, Path passwordUsers, boolean insecure) throws IOException {
        return new EmbeddedBrokerUsers(pki, new PasswordUsers(passwordUsers, System::nanoTime), insecure);
    }

    @Override
    public Optional<Login> certificate(X509Certificate certificate) {
        boolean agent = isHost(certificate);
        if (!agent && pki.accessOf(certificate) == AccessLevel.NONE) {
            return Optional.empty();
        }
        String name = names.computeIfAbsent(certificate, BrokerLogins::certificateUser);
        certificates.putIfAbsent(name, certificate);
        return Optional.of(new Login(name, agent));
    }

    @Override
    public Optional<Login> password(String name, String password) {
        return passwords.login(name, password).map(level -> new Login(name, false));
    }

    @Override
    public Optional<Login> anonymous() {
        return insecure ? Optional.of(new Login(ANONYMOUS, false)) : Optional.empty();
    }

    @Override
    public Optional<AccessLevel> access(String name) {
        X509Certificate certificate = certificates.get(name);
        if (certificate != null) {
            return Optional.of(isHost(certificate) ? AccessLevel.ADMIN : pki.accessOf(certificate));
        }
        if (insecure && ANONYMOUS.equals(name)) {
            return Optional.of(AccessLevel.ADMIN);
        }
        return passwords.level(name);
    }

    private boolean isHost(X509Certificate certificate) {
        return certificate.equals(pki.chain().get(0));
    }
}
