package io.hostbridge.broker;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.spi.BrokerLogins;
import io.hostbridge.api.spi.BrokerLogins.Login;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.remoting.Connection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;
import org.apache.activemq.artemis.utils.CertificateUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded broker's security manager: who logs in (as {@link BrokerLogins} says, from the client certificate,
 * the password, or on the plain loopback listener nothing at all) and what each may do with an address: the role
 * {@code agent} for the host certificate, otherwise the user's access level now ({@code read}, {@code write},
 * {@code admin}; nothing once revoked), matched against {@link BrokerPermissions}.
 */
final class BrokerSecurity implements ActiveMQSecurityManager5 {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerSecurity.class);
    /** The acceptor parameter that marks the plain listener {@code amqp.insecure} opens. */
    static final String INSECURE_LISTENER = "hostbridgeInsecure";

    private final BrokerLogins logins;

    BrokerSecurity(BrokerLogins logins) {
        this.logins = logins;
    }

    /** Returns null (Artemis then refuses the connection) for anyone it does not know. */
    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String domain) {
        Optional<Login> login;
        String how;
        X509Certificate[] certificates = CertificateUtil.getCertsFromConnection(connection);
        if (password != null) {
            how = "password";
            login = user == null ? Optional.empty() : logins.password(user, password);
        } else if (certificates != null && certificates.length > 0) {
            how = "certificate";
            // SASL EXTERNAL names the certificate's subject; anything else is not this connection's identity
            boolean same = user == null || user.equals(certificates[0].getSubjectX500Principal().getName());
            login = same ? logins.certificate(certificates[0]) : Optional.empty();
        } else if (user == null && insecureListener(connection)) {
            how = "anonymous";
            login = logins.anonymous();
        } else {
            how = "no credentials";
            login = Optional.empty();
        }
        if (login.isEmpty()) {
            LOG.info("AMQP login refused ({}) from {}", how, connection == null ? "?" : connection.getRemoteAddress());
            return null;
        }
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(login.get().name()));
        if (login.get().agent()) {
            subject.getPrincipals().add(new RolePrincipal(BrokerPermissions.AGENT));
        }
        LOG.debug("AMQP login ({}) as {}", how, login.get().name());
        return subject;
    }

    @Override
    public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
        if (subject == null) {
            return false;
        }
        String role = role(subject);
        for (Role r : roles) {
            if (r.getName().equals(role) && checkType.hasRole(r)) {
                return true;
            }
        }
        return false;
    }

    /** The user's role: {@code agent}, or its level now. */
    private String role(Subject subject) {
        if (subject.getPrincipals(RolePrincipal.class).stream().anyMatch(p -> p.getName().equals(BrokerPermissions.AGENT))) {
            return BrokerPermissions.AGENT;
        }
        for (UserPrincipal user : subject.getPrincipals(UserPrincipal.class)) {
            return logins.access(user.getName()).orElse(AccessLevel.NONE).wireName();
        }
        return AccessLevel.NONE.wireName();
    }

    private static boolean insecureListener(RemotingConnection connection) {
        Connection transport = connection == null ? null : connection.getTransportConnection();
        TransportConfiguration acceptor = transport == null ? null : transport.getConnectorConfig();
        Map<String, Object> params = acceptor == null ? Map.of() : acceptor.getParams();
        return Boolean.TRUE.equals(params.get(INSECURE_LISTENER));
    }

    // the interfaces before ActiveMQSecurityManager5: never called while this one is implemented

    @Override
    public boolean validateUser(String user, String password) {
        return false;
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        return false;
    }
}
