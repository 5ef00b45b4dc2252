package io.hostbridge.http;

import io.hostbridge.api.spi.HostTls;
import io.hostbridge.api.spi.PeerAgents;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLParameters;

/** Other agents are called the way this one is: over TLS with the host certificate, or plain when it is insecure. */
@Singleton
final class HttpPeerAgents implements PeerAgents {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final boolean tls;
    private final HttpClient client;

    @Inject
    HttpPeerAgents(HttpSettings settings, Optional<HostTls> hostTls) {
        this.tls = !settings.insecure();
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .version(HttpClient.Version.HTTP_1_1);
        if (tls) {
            HostTls material = hostTls.orElseThrow(() -> new IllegalStateException("TLS needs the host's PKI"));
            SSLParameters parameters = new SSLParameters();
            parameters.setProtocols(material.protocols().toArray(String[]::new));
            builder.sslContext(material.client()).sslParameters(parameters);
        }
        this.client = builder.build();
    }

    @Override
    public URI uri(String hostPort, String path) {
        return URI.create((tls ? "https://" : "http://") + hostPort + path);
    }

    @Override
    public HttpClient client() {
        return client;
    }
}
