package io.hostbridge.agent;

import ch.qos.logback.classic.Level;
import io.hostbridge.agent.config.AgentConfig;
import io.hostbridge.agent.config.ConfigException;
import io.hostbridge.agent.config.ConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * {@code hostbridge [--config FILE]}: runs the agent in the foreground until SIGTERM or Ctrl-C.
 * {@code hostbridge [--config FILE] cert issue ...}: issues a client or host certificate (see {@link CertCommand}).
 * {@code hostbridge password-hash}: hashes a password for {@code broker.users} (see {@link PasswordCommand}).
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    /** The call pipeline's access log (logback.xml gives it an asynchronous appender). */
    static final String ACCESS_LOG = "hostbridge.access";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Path configFile = null;
        String[] command = null;
        for (int i = 0; i < args.length && command == null; i++) {
            switch (args[i]) {
                case "--config":
                    if (i + 1 == args.length) {
                        usage("--config needs a file");
                    }
                    configFile = Path.of(args[++i]);
                    break;
                case "--version":
                    System.out.println("hostbridge " + version());
                    return;
                case "--help":
                    usage(null);
                    return;
                case "cert":
                    command = java.util.Arrays.copyOfRange(args, i + 1, args.length);
                    break;
                case "password-hash":
                    System.exit(PasswordCommand.run(System.console(), System.in, System.out, System.err));
                    return;
                default:
                    usage("unknown argument: " + args[i]);
            }
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        AgentConfig config;
        try {
            config = new ConfigLoader().load(configFile, System.getenv(), Map.of());
            setLogLevel(config.logging().level(), config.logging().accessLog());
        } catch (ConfigException e) {
            System.err.println("hostbridge: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (command != null) {
            System.exit(CertCommand.run(command, config, System.out, System.err));
            return;
        }
        Agent agent;
        try {
            agent = Agent.start(Modules.choose(config, version()));
        } catch (Exception e) {
            LOG.error("start-up failed", e);
            System.err.println("hostbridge: start-up failed: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(agent), "shutdown"));
        banner(System.out, agent, config);
        new CountDownLatch(1).await(); // runs until SIGTERM or Ctrl-C, which end in the hook
    }

    /**
     * SIGTERM and Ctrl-C are how this agent is meant to end: once it has stopped, it exits 0 like any clean stop,
     * not 143 or 130, the JVM's status after a signal (which callers such as make report as an error).
     */
    private static void stop(Agent agent) {
        LOG.info("stopping");
        agent.close();
        LOG.info("stopped");
        ((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory()).stop(); // flushes the access log
        Runtime.getRuntime().halt(0);
    }

    private static void banner(PrintStream out, Agent agent, AgentConfig config) {
        long readyMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        String hostId = agent.bridge().hostId();
        out.printf("hostbridge %s ready in %d ms (host id %s; modules %s)%n", version(), readyMs, hostId, agent.modules());
        agent.httpAddress().ifPresent(a -> {
            String base = (agent.httpSecure() ? "https://" : "http://") + host(a) + ":" + a.getPort();
            if (config.rest().enabled()) {
                out.println("  REST     " + base + "/api/v1  (resources such as /api/v1/vms; every verb: POST " + base
                        + "/api/v1/rpc/{Namespace.verb})");
                out.println("  JSON-RPC " + base + "/api/v1/jsonrpc");
                out.println("  schema   " + base + "/api/v1/schema  (OpenAPI 3.1: " + base + "/api/v1/openapi.json)");
                out.println("  events   " + base + "/api/v1/events  (Server-Sent Events)");
                out.println("  health   " + base + "/api/v1/health");
                out.println("  metrics  " + base + "/api/v1/metrics  (Prometheus)");
            }
            if (config.xmlrpc().enabled()) {
                out.println("  XML-RPC  " + base + "/RPC2");
            }
            if (config.stomp().enabled()) {
                out.println("  STOMP    " + (agent.httpSecure() ? "tls://" : "tcp://") + host(a) + ":" + a.getPort()
                        + "  (VDSM's JSON-RPC: requests jms.topic.vdsm_requests, events jms.queue.events)");
                agent.ownListener("stomp").ifPresent(own -> out.println("  STOMP    "
                        + (agent.httpSecure() ? "tls://" : "tcp://") + host(own) + ":" + own.getPort() + "  (STOMP only)"));
            }
            agent.httpSocket().ifPresent(socket -> out.println("  local    unix socket " + socket
                    + "  (e.g. curl --unix-socket " + socket + " http://localhost/api/v1/host/capabilities)"));
            if (agent.httpSecure()) {
                out.println("  TLS      client certificates from: hostbridge cert issue --name NAME --access"
                        + " read|write|admin --out DIR");
            }
        });
        agent.imageServer().ifPresent(server -> {
            out.println("  images   " + (server.secure() ? "https://" : "http://") + host(server.tcpAddress()) + ":"
                    + server.tcpAddress().getPort()
                    + "/images/{ticket}  (imageio data protocol)");
            server.unixSocket().ifPresent(path -> out.println("  images   unix socket " + path));
        });
        if (config.amqp().enabled()) {
            String broker = config.broker().embedded()
                    ? "amqps://" + config.broker().address() + ":" + config.broker().port() + " (embedded broker)"
                    : config.amqp().url();
            out.println("  AMQP     " + broker + "  requests hostbridge.host." + hostId + ", events hostbridge.events."
                    + hostId);
            if (config.broker().embedded() && config.amqp().insecure()) {
                out.println("  AMQP     amqp://" + config.broker().address() + ":" + config.broker().insecurePort()
                        + "  (amqp.insecure: no TLS, no authentication, every client admin)");
            }
        }
        out.flush();
    }

    private static String host(InetSocketAddress a) {
        String h = a.getHostString();
        return h.contains(":") ? "[" + h + "]" : h;
    }

    private static void setLogLevel(String level, boolean accessLog) {
        Level parsed = Level.toLevel(level, null);
        if (parsed == null) {
            throw new ConfigException("'logging.level': expected TRACE, DEBUG, INFO, WARN or ERROR, got '" + level + "'");
        }
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(parsed);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(ACCESS_LOG)).setLevel(accessLog ? Level.INFO : Level.OFF);
    }

    /** The build's version, from the filtered properties file. */
    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("/hostbridge-build.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException | NullPointerException e) {
            return "unknown";
        }
    }

    private static void usage(String problem) {
        PrintStream out = problem == null ? System.out : System.err;
        if (problem != null) {
            out.println("hostbridge: " + problem);
        }
        out.println("usage: hostbridge [--config FILE] [--version] [--help]");
        out.println("       hostbridge [--config FILE] cert issue --name NAME --access read|write|admin --out DIR"
                + " [--valid 730d]");
        out.println("       hostbridge [--config FILE] cert issue --host --name HOSTNAME [--address IP]... --out DIR"
                + " [--valid 1825d]");
        out.println("       hostbridge password-hash   (reads a password, prints its hash for broker.users)");
        out.println("  Settings come from the embedded defaults, then FILE, then HOSTBRIDGE_* environment variables.");
        if (problem != null) {
            System.exit(2);
        }
    }
}
