package io.hostbridge.broker;

import java.util.Map;
import javax.net.ssl.SSLContext;
import org.apache.activemq.artemis.core.remoting.impl.ssl.CachingSSLContextFactory;
import org.apache.activemq.artemis.spi.core.remoting.ssl.SSLContextConfig;
import org.apache.activemq.artemis.spi.core.remoting.ssl.SSLContextFactory;

/**
 * Lets an acceptor use an {@link SSLContext} made elsewhere (the agent's: host certificate, its CA, revocation checked
 * in the handshake) instead of key store files: Artemis asks the {@link SSLContextFactory} of highest priority for
 * every TLS acceptor, handing it the acceptor's parameters, so an acceptor whose parameter {@link #CONTEXT} holds a
 * context gets that one. Every other acceptor (none in the agent) gets what Artemis' own factory would make.
 * Registered in {@code META-INF/services}.
 */
public final class AcceptorSslContexts implements SSLContextFactory {
    /** The acceptor parameter holding the {@link SSLContext} object. */
    static final String CONTEXT = "hostbridgeSslContext";

    private final SSLContextFactory artemis = new CachingSSLContextFactory();

    @Override
    public SSLContext getSSLContext(SSLContextConfig config, Map<String, Object> acceptorParams) throws Exception {
        if (acceptorParams != null && acceptorParams.get(CONTEXT) instanceof SSLContext context) {
            return context;
        }
        return artemis.getSSLContext(config, acceptorParams);
    }

    @Override
    public void clearSSLContexts() {
        artemis.clearSSLContexts();
    }

    @Override
    public int getPriority() {
        return 100; // above Artemis' own (5 and 10)
    }
}
