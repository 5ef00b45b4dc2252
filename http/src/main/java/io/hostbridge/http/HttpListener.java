package io.hostbridge.http;

import io.hostbridge.api.spi.Lifecycle;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.glassfish.grizzly.http.server.HttpHandlerRegistration;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one HTTP port of the agent, serving every contributed {@link HttpRoute}. */
@Singleton
public final class HttpListener implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(HttpListener.class);

    private final HttpSettings settings;
    private final List<HttpRoute> routes;
    private HttpServer server;
    private NetworkListener listener;

    @Inject
    public HttpListener(HttpSettings settings, Set<HttpRoute> routes) {
        this.settings = settings;
        this.routes = routes.stream().sorted(Comparator.comparing(HttpRoute::contextPath)).collect(Collectors.toList());
        long distinct = this.routes.stream().map(HttpRoute::contextPath).distinct().count();
        if (distinct != this.routes.size()) {
            throw new IllegalStateException("two routes share a context path: " + this.routes);
        }
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public int phase() {
        return 100;
    }

    @Override
    public synchronized void start() throws IOException {
        server = new HttpServer();
        listener = new NetworkListener("hostbridge-http", settings.address(), settings.port());
        listener.getTransport().setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig()
                .setPoolName("http-worker").setCorePoolSize(settings.workerThreads())
                .setMaxPoolSize(settings.workerThreads()));
        listener.registerAddOn(new DeclineUpgrades());
        server.addListener(listener);
        server.getServerConfiguration().setDefaultErrorPageGenerator(new PlainErrorPages());
        server.getServerConfiguration().setSessionManager(null);
        for (HttpRoute route : routes) {
            server.getServerConfiguration().addHttpHandler(
                    new SizeLimitHandler(route.handler(), settings.maxRequestBytes()),
                    HttpHandlerRegistration.builder().contextPath(route.contextPath()).urlPattern("/*").build());
        }
        server.start();
        LOG.info("HTTP listener on {}:{} serving {}", settings.address(), listener.getPort(),
                routes.stream().map(r -> r.name() + "=" + r.contextPath()).collect(Collectors.toList()));
    }

    /** The bound address; the real port when configured with 0. */
    public synchronized InetSocketAddress address() {
        if (listener == null) {
            throw new IllegalStateException("HTTP listener not started");
        }
        return new InetSocketAddress(settings.address(), listener.getPort());
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
    }
}
