package io.hostbridge.tests;

import io.hostbridge.agent.Agent;
import io.hostbridge.agent.Modules;
import io.hostbridge.agent.config.ConfigLoader;
import io.hostbridge.bridge.Bridge;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real agent, in this JVM, for one test class ({@code @RegisterExtension static AgentExtension agent = …}):
 * port 0, temporary state, run and ISO directories, test defaults plus the class's overrides (dotted
 * configuration keys). Tests reach it only through its protocols and ask it for its port.
 */
final class AgentExtension implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, String> overrides;
    private Agent agent;
    private Map<String, String> settings;
    private Path dir;
    private Path stateDir;
    private URI base;

    AgentExtension(Map<String, String> overrides) {
        this.overrides = overrides;
    }

    AgentExtension() {
        this(Map.of());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("hostbridge-test");
        stateDir = dir.resolve("state");
        Map<String, String> all = new HashMap<>();
        all.put("http.port", "0");
        all.put("imageio.port", "0");
        all.put("host.stateDir", stateDir.toString());
        all.put("host.runDir", dir.resolve("run").toString());
        all.put("host.statsInterval", "200ms");
        // the files VMs on the test driver use as drives by path (isoDir()); real-VM tests name their guest's
        Files.createDirectories(dir.resolve("iso"));
        all.put("vm.isoDir", dir.resolve("iso").toString());
        all.put("rest.heartbeatInterval", "500ms");
        // the AMQP agent and its broker only where a test asks for them (they need a port of their own)
        all.put("amqp.enabled", "false");
        // plain HTTP and image data on loopback for the JDK's HttpClient and the suites' clients; the trust tests
        // (TlsTest, UnixSocketTest…) take the secure defaults back
        all.put("http.insecure", "true");
        all.put("imageio.tls", "false");
        all.putAll(overrides);
        settings = all;
        agent = Agent.start(Modules.choose(new ConfigLoader().load(null, Map.of(), all), "test"));
        base = URI.create((agent.httpSecure() ? "https" : "http") + "://127.0.0.1:"
                + agent.httpAddress().orElseThrow().getPort());
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        agent.close();
        // state, run dir and any storage domains a test made there; deepest first
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Stops the agent and starts it again on the same state and settings, as after an upgrade (give the class a
     * fixed http.port to keep the address).
     */
    void restart() throws Exception {
        agent.close();
        agent = Agent.start(Modules.choose(new ConfigLoader().load(null, Map.of(), settings), "test"));
    }

    URI uri(String path) {
        return base.resolve(path);
    }

    int port() {
        return base.getPort();
    }

    Path stateDir() {
        return stateDir;
    }

    /** The agent's ISO directory ({@code vm.isoDir}) unless the class overrides it: where VMs' disk files go. */
    Path isoDir() {
        return stateDir.resolveSibling("iso");
    }

    /** A new empty file {@code name} in {@link #isoDir()}, for a VM drive by path (the test driver never opens it). */
    Path disk(String name) throws IOException {
        Path file = isoDir().resolve(name);
        return Files.exists(file) ? file : Files.createFile(file);
    }

    /** The agent's run dir (sockets, qemu-nbd's among them). */
    Path runDir() {
        return stateDir.resolveSibling("run");
    }

    /** The agent's own PKI (ca.pem, host.pem, …), made on its first start. */
    Path pkiDir() {
        return stateDir.resolve("pki");
    }

    /** The HTTP API's unix socket. */
    Path socket() {
        return agent.httpSocket().orElseThrow();
    }

    /** TCP port of the STOMP-only listener (stomp.port). */
    int stompPort() {
        return agent.ownListener("stomp").orElseThrow().getPort();
    }

    /** TCP port of the image data server. */
    int imageioPort() {
        return agent.imageServer().orElseThrow().tcpAddress().getPort();
    }

    /**
     * The agent's bridge, as a binding holds it: for tests that carry data streams in memory
     * ({@code MemoryStreamClient}) where they do not go through a protocol.
     */
    Bridge bridge() {
        return agent.bridge();
    }

    /** The image data server's unix socket. */
    Path imageioSocket() {
        return agent.imageServer().orElseThrow().unixSocket().orElseThrow();
    }
}
