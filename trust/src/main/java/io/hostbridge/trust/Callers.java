package io.hostbridge.trust;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.bridge.Authenticator;
import io.hostbridge.bridge.Caller;
import io.hostbridge.bridge.Peer;
import java.util.Optional;
import java.util.function.Function;

/**
 * Who a caller is, from what its transport proved (the bridge's {@link Authenticator}):
 * <ul>
 *   <li>a TLS client certificate: its subject, with the level the access file or the certificate gives (none once
 *       revoked — checked on every call, so a connection opened before the revocation gets no further);</li>
 *   <li>the unix socket's peer: root is admin; a member of the socket's group gets the configured level; anyone
 *       else nothing;</li>
 *   <li>a user the broker validated: as the broker's users say;</li>
 *   <li>the agent itself, and callers of a listener configured insecure: admin, as before trust existed;</li>
 *   <li>anything else: nobody, who may use only what authorizes itself (image data with its ticket).</li>
 * </ul>
 */
public final class Callers implements Authenticator {
    private static final Caller AGENT = new Caller("agent", AccessLevel.ADMIN);
    private static final Caller INSECURE = new Caller("anonymous", AccessLevel.ADMIN);
    private static final Caller NOBODY = new Caller("anonymous", AccessLevel.NONE);

    private final HostPki pki;
    private final LocalUsers users;
    private final UnixAccess unix;
    private final Function<String, Optional<Caller>> brokerUsers;

    /**
     * @param brokerUsers what a broker-validated user name may do; empty when unknown
     */
    Callers(HostPki pki, LocalUsers users, UnixAccess unix, Function<String, Optional<Caller>> brokerUsers) {
        this.pki = pki;
        this.users = users;
        this.unix = unix;
        this.brokerUsers = brokerUsers;
    }

    @Override
    public Caller authenticate(io.hostbridge.bridge.Transport transport) {
        Peer peer = transport.peer();
        if (peer instanceof Peer.Certificate c) {
            return new Caller(HostPki.principalOf(c.certificate()), pki.accessOf(c.certificate()));
        }
        if (peer instanceof Peer.UnixUser u) {
            return unixCaller(u);
        }
        if (peer instanceof Peer.BrokerUser b) {
            return brokerUsers.apply(b.name()).orElse(new Caller(b.name(), AccessLevel.NONE));
        }
        if (peer instanceof Peer.Agent) {
            return AGENT;
        }
        return peer instanceof Peer.Insecure ? INSECURE : NOBODY;
    }

    private Caller unixCaller(Peer.UnixUser u) {
        String name = "uid:" + u.uid() + users.name(u.uid()).map(n -> "(" + n + ")").orElse("");
        if (u.uid() == 0) {
            return new Caller(name, AccessLevel.ADMIN);
        }
        boolean member = unix.group() != null && users.inGroup(u.uid(), u.gid(), unix.group());
        return new Caller(name, member ? unix.groupAccess() : AccessLevel.NONE);
    }
}
