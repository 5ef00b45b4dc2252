package io.hostbridge.tests;

import io.hostbridge.agent.Agent;
import io.hostbridge.agent.Modules;
import io.hostbridge.agent.config.ConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The real agent, in this JVM, on port 0 with temporary state and run directories. Tests talk to it only
 * through its protocols and ask it for its port.
 */
final class RunningAgent implements AutoCloseable {
    final Agent agent;
    final Path stateDir;
    final URI base;

    private RunningAgent(Agent agent, Path stateDir) {
        this.agent = agent;
        this.stateDir = stateDir;
        this.base = agent.httpAddress().map(a -> URI.create("http://127.0.0.1:" + a.getPort())).orElse(null);
    }

    /** Starts an agent with test defaults plus {@code overrides} (dotted configuration keys). */
    static RunningAgent start(Map<String, String> overrides) throws Exception {
        Path dir = Files.createTempDirectory("hostbridge-test");
        Map<String, String> all = new HashMap<>();
        all.put("http.port", "0");
        all.put("host.stateDir", dir.resolve("state").toString());
        all.put("host.runDir", dir.resolve("run").toString());
        all.put("host.statsInterval", "200ms");
        all.put("rest.heartbeatInterval", "500ms");
        all.putAll(overrides);
        var config = new ConfigLoader().load(null, Map.of(), all);
        return new RunningAgent(Agent.start(Modules.choose(config, "test")), dir.resolve("state"));
    }

    static RunningAgent start() throws Exception {
        return start(Map.of());
    }

    URI uri(String path) {
        return base.resolve(path);
    }

    @Override
    public void close() throws IOException {
        agent.close();
    }
}
