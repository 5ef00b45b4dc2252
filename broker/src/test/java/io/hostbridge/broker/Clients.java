package io.hostbridge.broker;

import io.hostbridge.trust.HostPki;
import io.hostbridge.trust.PkiSettings;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import java.io.IOException;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.qpid.jms.JmsConnectionFactory;

/** Qpid JMS clients of a broker on {@code port}: the agent (host certificate), certificate users, password users. */
final class Clients {
    private final int port;
    private final HostPki pki;
    private final Path certs;

    /** @param certs where the client certificates were issued ({@code NAME.pem}, {@code NAME-key.pem}, {@code ca.pem}) */
    Clients(int port, HostPki pki, Path certs) {
        this.port = port;
        this.pki = pki;
        this.certs = certs;
    }

    String url() {
        return "amqps://127.0.0.1:" + port + "?jms.connectTimeout=10000&jms.requestTimeout=10000";
    }

    /** The agent itself: the host certificate. */
    Connection agent() throws JMSException {
        return connect(pki.client(), null, null);
    }

    /** The client certificate issued as {@code name}. */
    Connection as(String name) throws JMSException, IOException {
        return connect(contextOf(certs, name), null, null);
    }

    /** A password user, over TLS without a client certificate. */
    Connection withPassword(String user, String password) throws Exception {
        return connect(trustOnly(), user, password);
    }

    /** TLS without a client certificate, and no credentials. */
    Connection withoutCertificate() throws Exception {
        return connect(trustOnly(), null, null);
    }

    static SSLContext contextOf(Path dir, String name) throws IOException {
        return HostPki.open(new PkiSettings(null, dir.resolve("ca.pem"), dir.resolve(name + ".pem"),
                dir.resolve(name + "-key.pem"), null, null, null)).client();
    }

    private SSLContext trustOnly() throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(pki.trustStore());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private Connection connect(SSLContext context, String user, String password) throws JMSException {
        JmsConnectionFactory factory = new JmsConnectionFactory(url());
        factory.setSslContext(context);
        if (user != null) {
            factory.setUsername(user);
            factory.setPassword(password);
        }
        Connection connection = factory.createConnection();
        connection.start();
        return connection;
    }
}
