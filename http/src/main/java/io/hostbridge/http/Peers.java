package io.hostbridge.http;

import io.hostbridge.bridge.Peer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;

/**
 * What a plain (not TLS) listener knows of its connections' peers, decided once when a connection is accepted and
 * kept on it for {@link HttpCallers}: the insecure loopback listener's callers, or the unix socket's peers that
 * reach the API through the local listener. A connection whose peer is unknown is closed at once.
 */
final class Peers extends BaseFilter implements AddOn {
    private static final Attribute<Peer> PEER = Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute("hostbridge.peer");

    /** Who is at the other end of an accepted connection; null to refuse it. */
    @FunctionalInterface
    interface Identify {
        Peer peer(Connection<?> connection);
    }

    private final Identify identify;

    Peers(Identify identify) {
        this.identify = identify;
    }

    /** The peer decided when the connection was accepted, or null. */
    static Peer of(Connection<?> connection) {
        return connection == null ? null : PEER.get(connection);
    }

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        builder.add(builder.indexOfType(TransportFilter.class) + 1, this);
    }

    @Override
    public NextAction handleAccept(FilterChainContext ctx) throws java.io.IOException {
        Connection<?> connection = ctx.getConnection();
        Peer peer = identify.peer(connection);
        if (peer == null) {
            connection.closeSilently();
            return ctx.getStopAction();
        }
        PEER.set(connection, peer);
        return ctx.getInvokeAction();
    }
}
