package io.hostbridge.agent;

import com.google.inject.Module;
import io.hostbridge.agent.config.AgentConfig;
import io.hostbridge.agent.config.ConfigException;
import io.hostbridge.agent.config.Durations;
import io.hostbridge.api.AccessLevel;
import io.hostbridge.binding.amqp.AmqpModule;
import io.hostbridge.binding.amqp.AmqpSettings;
import io.hostbridge.binding.imageio.ImageioModule;
import io.hostbridge.binding.imageio.ImageioSettings;
import io.hostbridge.binding.rest.RestModule;
import io.hostbridge.binding.rest.RestSettings;
import io.hostbridge.binding.xmlrpc.XmlRpcModule;
import io.hostbridge.binding.xmlrpc.XmlRpcSettings;
import io.hostbridge.bridge.BridgeModule;
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
import io.hostbridge.trust.PkiSettings;
import io.hostbridge.trust.TrustModule;
import io.hostbridge.trust.TrustSettings;
import io.hostbridge.trust.UnixAccess;
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
        if (config.amqp().enabled()) {
            protocols.add("amqp");
        }
        List<Module> modules = new ArrayList<>();
        CoreSettings core = coreSettings(config, protocols, softwareVersion);
        modules.add(new BridgeModule(core.events().defaultQueueCapacity()));
        modules.add(new CoreModule(core));
        modules.add(new TrustModule(trustSettings(config)));
        modules.add(new HostModule());
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
                    config.http().maxRequestBytes())));
        }
        if (config.xmlrpc().enabled()) {
            modules.add(new XmlRpcModule(new XmlRpcSettings(config.http().maxRequestBytes())));
        }
        if (config.amqp().enabled() && config.broker().embedded()) {
            AgentConfig.Broker broker = config.broker();
            modules.add(new BrokerModule(new BrokerSettings(broker.address(), broker.port(), broker.persistent(),
                    Path.of(config.host().stateDir()).resolve("broker"))));
        }
        if (config.amqp().enabled()) {
            modules.add(new AmqpModule(amqpSettings(config)));
        }
        if (config.imageio().enabled()) {
            modules.add(new ImageioModule(imageioSettings(config)));
        }
        return modules;
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

    /** With the embedded broker, the agent connects to it, whatever amqp.url says. */
    private static AmqpSettings amqpSettings(AgentConfig config) {
        AgentConfig.Amqp amqp = config.amqp();
        String url = config.broker().embedded()
                ? "amqp://" + config.broker().address() + ":" + config.broker().port()
                : amqp.url();
        return new AmqpSettings(url, amqp.user(), amqp.password(), amqp.workers(), amqp.queueSize(),
                amqp.maxMessageBytes(), Durations.parse("amqp.presenceInterval", amqp.presenceInterval()),
                Durations.parse("amqp.requestTimeout", amqp.requestTimeout()),
                Durations.parse("amqp.reconnectDelay", amqp.reconnectDelay()),
                Durations.parse("amqp.maxReconnectDelay", amqp.maxReconnectDelay()));
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
        return new VmSettings(vm.libvirtUri(), vm.domainType(), vm.migrationUri(), vm.isoDir(),
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
                    http.insecure(), socket, http.socketGroup().isEmpty() ? null : http.socketGroup(),
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
