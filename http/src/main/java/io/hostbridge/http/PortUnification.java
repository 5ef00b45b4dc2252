package io.hostbridge.http;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.portunif.PUContext;
import org.glassfish.grizzly.portunif.PUFilter;
import org.glassfish.grizzly.portunif.ProtocolFinder;
import org.glassfish.grizzly.utils.IdleTimeoutFilter;

/**
 * Grizzly's port unification on a listener: a {@link PUFilter} right before the HTTP codec (so after TLS and after
 * {@link Peers}) hands a connection whose first bytes one of the {@link SharedPortProtocol}s claims to that
 * protocol's filter; every other connection goes on to HTTP, or is closed on a protocol's own listener.
 */
final class PortUnification implements AddOn {
    private final List<SharedPortProtocol> protocols;
    private final boolean closeOthers;

    /**
     * @param closeOthers true on a protocol's own listener: a connection no protocol claims is closed instead of
     *                    served as HTTP
     */
    PortUnification(List<SharedPortProtocol> protocols, boolean closeOthers) {
        this.protocols = List.copyOf(protocols);
        this.closeOthers = closeOthers;
    }

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int codec = builder.indexOfType(HttpServerFilter.class);
        if (codec < 0) {
            throw new IllegalStateException("no HTTP codec in the filter chain");
        }
        PUFilter unification = new PUFilter(closeOthers);
        for (SharedPortProtocol protocol : protocols) {
            FilterChainBuilder chain = unification.getPUFilterChainBuilder();
            chain.add(protocol.filter());
            unification.register(new Finder(protocol), chain.build());
        }
        builder.add(codec, unification);
    }

    /** Asks a protocol about the first bytes, without taking them from the buffer. */
    private static final class Finder implements ProtocolFinder {
        private final SharedPortProtocol protocol;

        Finder(SharedPortProtocol protocol) {
            this.protocol = protocol;
        }

        @Override
        public Result find(PUContext context, FilterChainContext ctx) {
            Buffer input = ctx.getMessage();
            int length = Math.min(input.remaining(), protocol.longestPrefix());
            byte[] prefix = new byte[length];
            for (int i = 0; i < length; i++) {
                prefix[i] = input.get(input.position() + i);
            }
            return switch (protocol.detect(prefix, length)) {
                case YES -> {
                    // the protocol keeps its connections alive on its own terms (heart-beats), not HTTP's
                    IdleTimeoutFilter.setCustomTimeout(ctx.getConnection(), -1, TimeUnit.MILLISECONDS);
                    yield Result.FOUND;
                }
                case NO -> Result.NOT_FOUND;
                case MORE -> Result.NEED_MORE_DATA;
            };
        }

        @Override
        public String toString() {
            return protocol.name();
        }
    }
}
