package io.hostbridge.agent;

import com.google.inject.Module;
import io.hostbridge.agent.config.AgentConfig;
import io.hostbridge.agent.config.ConfigException;
import io.hostbridge.agent.config.Durations;
import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.Loopback;
import io.hostbridge.binding.amqp.AmqpModule;
import io.hostbridge.binding.amqp.AmqpSettings;
import io.hostbridge.binding.imageio.ImageioModule;
import io.hostbridge.binding.imageio.ImageioSettings;
import io.hostbridge.binding.rest.RestModule;
import io.hostbridge.binding.rest.RestSettings;
import io.hostbridge.binding.stomp.StompModule;
import io.hostbridge.binding.stomp.StompSettings;
import io.hostbridge.binding.xmlrpc.XmlRpcModule;
import io.hostbridge.binding.xmlrpc.XmlRpcSettings;
import io.hostbridge.bridge.BridgeModule;
import io.hostbridge.bridge.stream.StreamLimits;
import io.hostbridge.broker.BrokerModule;
import io.hostbridge.broker.BrokerSettings;
import io.hostbridge.core.CoreModule;
import io.hostbridge.core.CoreSettings;
import io.hostbridge.core.host.HostModule;
import io.hostbridge.core.jobs.JobSettings;
import io.hostbridge.core.jobs.JobsModule;
import io.hostbridge.core.storage.StorageModule;
import io.hostbridge.core.storage.StorageSettings;
import io.hostbridge.core.transfer.TransferModule;
import io.hostbridge.core.transfer.TransferSettings;
import io.hostbridge.core.vm.VmModule;
import io.hostbridge.core.vm.VmSettings;
import io.hostbridge.events.EventBusSettings;
import io.hostbridge.http.HttpModule;
import io.hostbridge.http.HttpSettings;
import io.hostbridge.http.SharedPortProtocol;
import io.hostbridge.trust.EmbeddedBrokerTrustModule;
import io.hostbridge.trust.ExternalBrokerTrustModule;
import io.hostbridge.trust.PkiSettings;
import io.hostbridge.trust.TrustModule;
import io.hostbridge.trust.TrustSettings;
import io.hostbridge.trust.UnixAccess;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Chooses the Guice modules from the configuration, before the injector exists: an optional binding is
 * either in the list or not; no module looks at the configuration to decide what to bind.
 */
public final class Modules {
    private Modules() {
    }

    public static List<Module> choose(AgentConfig config, String softwareVersion) {
        List<String> protocols = new ArrayList<>();
        if (config.rest().enabled()) {
            protocols.add("rest");
            protocols.add("jsonrpc");
        }
        if (config.xmlrpc().enabled()) {
            protocols.add("xmlrpc");
        }
        if (config.stomp().enabled()) {
            protocols.add("stomp");
        }
        if (config.amqp().enabled()) {
            protocols.add("amqp");
        }
        List<Module> modules = new ArrayList<>();
        CoreSettings core = coreSettings(config, protocols, softwareVersion);
        modules.add(new BridgeModule(core.events().defaultQueueCapacity(), streamLimits(config.streams())));
        modules.add(new CoreModule(core));
        modules.add(new TrustModule(trustSettings(config)));
        modules.add(new HostModule());
        modules.add(new LoggingModule());
        modules.add(new JobsModule(new JobSettings(config.jobs().workers(), JobSettings.DEFAULT_KEPT_FINISHED)));
        modules.add(new StorageModule(new StorageSettings(config.storage().copyRateLimit(),
                StorageSettings.DEFAULT_LOCK_TIMEOUT)));
        modules.add(new VmModule(vmSettings(config.vm())));
        modules.add(new TransferModule(transferSettings(config)));
        if (config.httpNeeded()) {
            modules.add(new HttpModule(httpSettings(config)));
        }
        if (config.rest().enabled()) {
            modules.add(new RestModule(new RestSettings(config.rest().maxEventStreams(),
                    Durations.parse("rest.heartbeatInterval", config.rest().heartbeatInterval()),
                    config.http().maxRequestBytes(),
                    Durations.parse("rest.streamSendTimeout", config.rest().streamSendTimeout()))));
        }
        if (config.xmlrpc().enabled()) {
            modules.add(new XmlRpcModule(new XmlRpcSettings(config.http().maxRequestBytes())));
        }
        if (config.stomp().enabled()) {
            modules.add(new StompModule(stompSettings(config)));
        }
        if (config.amqp().enabled() && config.broker().embedded()) {
            modules.add(new EmbeddedBrokerTrustModule(path(config.broker().users()), config.amqp().insecure()));
            modules.add(new BrokerModule(brokerSettings(config)));
        }
        if (config.amqp().enabled() && !config.broker().embedded()) {
            modules.add(new ExternalBrokerTrustModule(path(config.amqp().userAccess())));
        }
        if (config.amqp().enabled()) {
            modules.add(new AmqpModule(amqpSettings(config)));
        }
        if (config.imageio().enabled()) {
            modules.add(new ImageioModule(imageioSettings(config)));
        }
        return modules;
    }

    private static StreamLimits streamLimits(AgentConfig.Streams streams) {
        try {
            return new StreamLimits(streams.max(), streams.maxPerCaller(), streams.bufferBytes(),
                    Durations.parse("streams.attachTimeout", streams.attachTimeout()),
                    Durations.parse("streams.idleTimeout", streams.idleTimeout()),
                    Durations.parse("streams.stallTimeout", streams.stallTimeout()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** A STOMP-only listener is as secure as the HTTP one: on loopback only when http.insecure. */
    private static StompSettings stompSettings(AgentConfig config) {
        AgentConfig.Stomp stomp = config.stomp();
        SharedPortProtocol.OwnListener own = null;
        if (stomp.port() >= 0) {
            if (config.http().insecure() && !Loopback.is(stomp.address())) {
                throw new ConfigException("'stomp.address': " + stomp.address() + " is not a loopback address, and"
                        + " with http.insecure the STOMP listener would serve every caller there as an admin");
            }
            own = new SharedPortProtocol.OwnListener(stomp.address(), stomp.port());
        }
        try {
            return new StompSettings(stomp.maxFrameBytes(), stomp.maxSubscriptions(), stomp.maxEventSubscribers(),
                    stomp.workers(), stomp.queueSize(), stomp.maxPendingBytes(),
                    Durations.parse("stomp.heartbeat", stomp.heartbeat()),
                    Durations.parse("stomp.streamSendTimeout", stomp.streamSendTimeout()), own);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static TransferSettings transferSettings(AgentConfig config) {
        AgentConfig.Imageio imageio = config.imageio();
        return new TransferSettings(imageio.maxReaders(), imageio.maxWriters(),
                TransferSettings.defaults().progressInterval(), imageio.bufferSize());
    }

    /** The unix socket is imageio.sock in the run dir unless imageio.socket names another path. */
    private static ImageioSettings imageioSettings(AgentConfig config) {
        AgentConfig.Imageio imageio = config.imageio();
        Path socket = !imageio.unixSocket() ? null
                : imageio.socket().isEmpty() ? Path.of(config.host().runDir(), "imageio.sock") : Path.of(imageio.socket());
        return new ImageioSettings(imageio.address(), imageio.port(), imageio.tls(), socket, imageio.maxConnections(),
                imageio.workerThreads(), imageio.bufferSize(),
                Durations.parse("imageio.idleTimeout", imageio.idleTimeout()),
                Durations.parse("imageio.headerTimeout", imageio.headerTimeout()));
    }

    /**
     * The embedded broker: its AMQPS listener, a plain loopback one only with amqp.insecure, password users when
     * broker.users names a file. Settings of the other case are refused, not ignored: each would weaken or widen
     * who may call the agent.
     */
    private static BrokerSettings brokerSettings(AgentConfig config) {
        AgentConfig.Broker broker = config.broker();
        if (!config.amqp().userAccess().isEmpty()) {
            throw new ConfigException("'amqp.userAccess' maps an external broker's users; the embedded broker's users"
                    + " get their level from their certificate (tls.subjectAccess) or from broker.users");
        }
        try {
            return new BrokerSettings(broker.address(), broker.port(),
                    config.amqp().insecure() ? broker.insecurePort() : 0, !broker.users().isEmpty(),
                    broker.persistent(), Path.of(config.host().stateDir()).resolve("broker"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /**
     * With the embedded broker, the agent connects to its AMQPS listener with the host certificate, whatever amqp.url
     * says. It does not check the broker's name: the listener presents the host certificate, whose names need not
     * include the address the agent dials (an existing PKI's seldom lists 127.0.0.1); the chain is still checked
     * against the CA. An external broker's URL must be TLS unless amqp.insecure allows plain AMQP on loopback.
     */
    private static AmqpSettings amqpSettings(AgentConfig config) {
        AgentConfig.Amqp amqp = config.amqp();
        String url;
        if (config.broker().embedded()) {
            url = "amqps://" + dialable(config.broker().address()) + ":" + config.broker().port()
                    + "?transport.verifyHost=false";
        } else {
            if (!config.broker().users().isEmpty()) {
                throw new ConfigException("'broker.users' are the embedded broker's password users; with an external"
                        + " broker, configure its users there and map them with amqp.userAccess");
            }
            url = externalUrl(amqp.url(), amqp.insecure());
        }
        return new AmqpSettings(url, amqp.user(), amqp.password(), amqp.workers(), amqp.queueSize(),
                amqp.maxMessageBytes(), Durations.parse("amqp.presenceInterval", amqp.presenceInterval()),
                Durations.parse("amqp.requestTimeout", amqp.requestTimeout()),
                Durations.parse("amqp.reconnectDelay", amqp.reconnectDelay()),
                Durations.parse("amqp.maxReconnectDelay", amqp.maxReconnectDelay()));
    }

    /** The address to connect to a listener on: loopback for a wildcard one, brackets around IPv6. */
    private static String dialable(String address) {
        String host = address;
        try {
            if (InetAddress.getByName(address).isAnyLocalAddress()) {
                host = "127.0.0.1";
            }
        } catch (UnknownHostException e) {
            // the broker fails to start on it, and says so
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** amqp.url as it is, once each plain amqp:// (or amqpws://) address in it is allowed: insecure and loopback. */
    private static String externalUrl(String url, boolean insecure) {
        for (String part : url.split(",")) {
            URI peer;
            try {
                peer = new URI(part.strip());
            } catch (URISyntaxException e) {
                continue; // the AMQP agent names what is wrong with it
            }
            boolean plain = "amqp".equals(peer.getScheme()) || "amqpws".equals(peer.getScheme());
            if (plain && !(insecure && Loopback.is(peer.getHost()))) {
                throw new ConfigException("'amqp.url': " + part.strip() + " is plain AMQP, which carries requests and"
                        + " credentials unencrypted: use amqps://, or set amqp.insecure: true for a broker on a"
                        + " loopback address");
            }
        }
        return url;
    }


    private static CoreSettings coreSettings(AgentConfig config, List<String> protocols, String softwareVersion) {
        AgentConfig.Events events = config.events();
        EventBusSettings bus = EventBusSettings.defaults().withReplayWindow(events.replayWindow())
                .withQueueCapacities(events.subscriberQueue(),
                        Math.max(events.subscriberQueue(), EventBusSettings.DEFAULT_MAX_QUEUE_CAPACITY));
        return new CoreSettings(Path.of(config.host().stateDir()), Path.of(config.host().runDir()),
                Durations.parse("host.statsInterval", config.host().statsInterval()), bus, List.copyOf(protocols),
                softwareVersion);
    }

    private static VmSettings vmSettings(AgentConfig.Vm vm) {
        return new VmSettings(vm.libvirtUri(), vm.domainType(), vm.migrationUri(), vm.isoDir(), vm.backupDir(),
                Durations.parse("vm.shutdownTimeout", vm.shutdownTimeout()),
                Durations.parse("vm.reconnectDelay", vm.reconnectDelay()),
                Durations.parse("vm.maxReconnectDelay", vm.maxReconnectDelay()));
    }

    private static HttpSettings httpSettings(AgentConfig config) {
        AgentConfig.Http http = config.http();
        Path socket = !http.unixSocket() ? null
                : http.socket().isEmpty() ? Path.of(config.host().runDir(), "api.sock") : Path.of(http.socket());
        try {
            return new HttpSettings(http.address(), http.port(), http.maxRequestBytes(), http.workerThreads(),
                    http.maxQueuedRequests(), http.insecure(), socket, http.socketGroup().isEmpty() ? null : http.socketGroup(),
                    list(http.allowedOrigins()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** The PKI under tls.dir (default: host.stateDir/pki), or the existing one tls.ca/cert/key name. */
    static TrustSettings trustSettings(AgentConfig config) {
        AgentConfig.Tls tls = config.tls();
        Path dir = tls.dir().isEmpty() ? Path.of(config.host().stateDir(), "pki") : Path.of(tls.dir());
        AccessLevel groupAccess;
        try {
            groupAccess = AccessLevel.valueOf(config.http().socketGroupAccess().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("'http.socketGroupAccess': expected none, read, write or admin, got '"
                    + config.http().socketGroupAccess() + "'");
        }
        try {
            return new TrustSettings(new PkiSettings(dir, path(tls.ca()), path(tls.cert()), path(tls.key()),
                    path(tls.crl()), path(tls.deniedSerials()), path(tls.subjectAccess())),
                    new UnixAccess(config.http().socketGroup().isEmpty() ? null : config.http().socketGroup(),
                            groupAccess));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static Path path(String value) {
        return value.isEmpty() ? null : Path.of(value);
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
