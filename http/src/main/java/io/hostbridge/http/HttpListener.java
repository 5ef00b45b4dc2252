package io.hostbridge.http;

import io.hostbridge.api.spi.HostTls;
import io.hostbridge.api.spi.Lifecycle;
import io.hostbridge.bridge.Metrics;
import io.hostbridge.bridge.Peer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.glassfish.grizzly.Transport;
import org.glassfish.grizzly.http.server.HttpHandlerRegistration;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API's listeners, serving every contributed {@link HttpRoute}: the TCP port, speaking TLS with a client
 * certificate required (or plain HTTP on loopback when configured insecure), and the unix socket for local callers,
 * relayed to a local listener on a loopback port (see {@link LocalSocket}).
 */
@Singleton
public final class HttpListener implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(HttpListener.class);

    private final HttpSettings settings;
    private final List<HttpRoute> routes;
    private final Optional<HostTls> tls;
    private final List<SharedPortProtocol> protocols;
    private final List<WebSocketEndpoint> webSockets;
    private final List<WebSocketUpgrades> upgrades = new java.util.ArrayList<>();
    private final LocalSocket socket = new LocalSocket();
    private final Metrics metrics;
    private final Map<String, NetworkListener> own = new LinkedHashMap<>();
    private HttpServer server;
    private NetworkListener tcp;
    private NetworkListener local;

    @Inject
    public HttpListener(HttpSettings settings, Set<HttpRoute> routes, Set<SharedPortProtocol> protocols,
                        Set<WebSocketEndpoint> webSockets, Optional<HostTls> tls, Metrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.webSockets = webSockets.stream().sorted(Comparator.comparing(WebSocketEndpoint::path)).toList();
        this.tls = tls;
        this.protocols = protocols.stream().sorted(Comparator.comparing(SharedPortProtocol::name)).toList();
        this.routes = routes.stream().sorted(Comparator.comparing(HttpRoute::contextPath)).collect(Collectors.toList());
        long distinct = this.routes.stream().map(HttpRoute::contextPath).distinct().count();
        if (distinct != this.routes.size()) {
            throw new IllegalStateException("two routes share a context path: " + this.routes);
        }
        if (!settings.insecure() && tls.isEmpty()) {
            throw new IllegalStateException("the HTTP listener needs TLS material, or http.insecure on loopback");
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
    public synchronized void start() throws IOException, InterruptedException {
        server = new HttpServer();
        BrowserRules rules = new BrowserRules(settings.allowedOrigins(), hostNames());
        tcp = listener("hostbridge-http", settings.address(), settings.port());
        secure(tcp);
        webSockets(tcp, rules, false);
        if (settings.insecure()) {
            LOG.warn("http.insecure: the HTTP API on {}:{} speaks plain HTTP and serves EVERY caller as an admin;"
                    + " use it only where nothing else runs on this host", settings.address(), settings.port());
        }
        if (!protocols.isEmpty()) {
            tcp.registerAddOn(new PortUnification(protocols, false));
        }
        for (SharedPortProtocol protocol : protocols) {
            SharedPortProtocol.OwnListener where = protocol.ownListener();
            if (where != null) {
                NetworkListener listener = listener("hostbridge-" + protocol.name(), where.address(), where.port());
                secure(listener);
                listener.registerAddOn(new PortUnification(List.of(protocol), true));
                own.put(protocol.name(), listener);
            }
        }
        if (settings.socket() != null) {
            local = listener("hostbridge-local", InetAddress.getLoopbackAddress().getHostAddress(), 0);
            local.registerAddOn(new Peers(connection -> connection.getPeerAddress() instanceof InetSocketAddress a
                    ? socket.peerAt(a.getPort()) : null));
            webSockets(local, rules, true);
            if (!protocols.isEmpty()) {
                local.registerAddOn(new PortUnification(protocols, false));
            }
        }
        server.getServerConfiguration().setDefaultErrorPageGenerator(new PlainErrorPages());
        server.getServerConfiguration().setSessionManager(null);
        // a DELETE with a body reaches the routes, which answer it with an error that says what is wrong, instead
        // of Grizzly's empty 400
        server.getServerConfiguration().setAllowPayloadForUndefinedHttpMethods(true);
        server.start();
        int localPort = local == null ? -1 : local.getPort();
        Map<Transport, AtomicInteger> admitted = Admission.counters();
        for (HttpRoute route : routes) {
            server.getServerConfiguration().addHttpHandler(new Admission(
                    new BrowserGuard(new SizeLimitHandler(route.handler(), settings.maxRequestBytes()),
                            route.bodyTypes(), rules, localPort),
                    settings.workerThreads() + settings.maxQueuedRequests(), route.busy(), admitted,
                    Admission.refusals(metrics, route.name())),
                    HttpHandlerRegistration.builder().contextPath(route.contextPath()).urlPattern("/*").build());
        }
        if (local != null) {
            socket.start(settings.socket(), settings.socketGroup(), new InetSocketAddress(
                    InetAddress.getLoopbackAddress(), localPort));
        }
        LOG.info("HTTP API on {}:{} ({}) serving {}{}{}", settings.address(), tcp.getPort(),
                settings.insecure() ? "plain HTTP, insecure" : "TLS, client certificates required",
                routes.stream().map(r -> r.name() + "=" + r.contextPath()).collect(Collectors.toList()),
                webSockets.isEmpty() ? "" : ", WebSockets " + webSockets.stream().map(w -> w.name() + "=" + w.path()
                        + "*").collect(Collectors.toList()),
                protocols.isEmpty() ? "" : " and, by their first bytes, " + protocols.stream()
                        .map(SharedPortProtocol::name).collect(Collectors.toList()));
        own.forEach((name, listener) -> LOG.info("{} alone on {}:{}", name, listener.getHost(), listener.getPort()));
    }

    /** The WebSocket endpoints on a listener that serves the API (not on a protocol's own listener). */
    private void webSockets(NetworkListener listener, BrowserRules rules, boolean viaSocket) {
        if (!webSockets.isEmpty()) {
            WebSocketUpgrades addOn = new WebSocketUpgrades(webSockets, rules, viaSocket);
            upgrades.add(addOn);
            listener.registerAddOn(addOn);
        }
    }

    /** TLS with a client certificate required, or the insecure loopback listener's peers (all admins). */
    private void secure(NetworkListener listener) {
        if (settings.insecure()) {
            listener.registerAddOn(new Peers(connection -> Peer.INSECURE));
        } else {
            HostTls host = tls.orElseThrow();
            SSLEngineConfigurator engines = new SSLEngineConfigurator(host.server(), false, true, false);
            engines.setEnabledProtocols(host.protocols().toArray(String[]::new));
            listener.setSecure(true);
            listener.setSSLEngineConfig(engines);
        }
    }

    private NetworkListener listener(String name, String address, int port) {
        NetworkListener listener = new NetworkListener(name, address, port);
        listener.getTransport().setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig()
                .setPoolName("http-worker").setCorePoolSize(settings.workerThreads())
                .setMaxPoolSize(settings.workerThreads()));
        listener.registerAddOn(new DeclineUpgrades());
        // a kept-alive connection lasts until its client closes it or it idles (the keep-alive time-out): Grizzly's
        // default ended it after 256 requests, and a TLS client paid a new handshake every 256 calls
        listener.getKeepAlive().setMaxRequestsCount(-1);
        server.addListener(listener);
        return listener;
    }

    /** What a request's Host header may name: the listener's address, and the names of the host certificate. */
    private Set<String> hostNames() {
        Set<String> names = new HashSet<>(List.of(settings.address().toLowerCase(Locale.ROOT), "localhost",
                "127.0.0.1", "::1"));
        if (!settings.insecure()) {
            tls.orElseThrow().names().forEach(n -> names.add(n.toLowerCase(Locale.ROOT)));
        }
        return Set.copyOf(names);
    }

    /** The bound TCP address; the real port when configured with 0. */
    public synchronized InetSocketAddress address() {
        if (tcp == null) {
            throw new IllegalStateException("HTTP listener not started");
        }
        return new InetSocketAddress(settings.address(), tcp.getPort());
    }

    /** The bound address of a protocol's own listener ({@link SharedPortProtocol#ownListener()}), if it has one. */
    public synchronized Optional<InetSocketAddress> ownAddress(String protocol) {
        NetworkListener listener = own.get(protocol);
        return listener == null ? Optional.empty()
                : Optional.of(new InetSocketAddress(listener.getHost(), listener.getPort()));
    }

    /** Whether the TCP port speaks TLS. */
    public boolean secure() {
        return !settings.insecure();
    }

    /** The unix socket, when there is one. */
    public Optional<java.nio.file.Path> socket() {
        return Optional.ofNullable(settings.socket());
    }

    @Override
    public synchronized void stop() {
        socket.stop();
        if (server != null) {
            server.shutdownNow();
            server = null;
            own.clear();
        }
        upgrades.forEach(WebSocketUpgrades::stop);
        upgrades.clear();
    }
}
