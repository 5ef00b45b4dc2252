package io.hostbridge.tests;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts one real agent for a test class ({@code @RegisterExtension static AgentExtension agent = …}) and
 * stops it after the class; tests reach it only through {@link #uri} and its port.
 */
final class AgentExtension implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, String> overrides;
    private RunningAgent running;

    AgentExtension(Map<String, String> overrides) {
        this.overrides = overrides;
    }

    AgentExtension() {
        this(Map.of());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        running = RunningAgent.start(overrides);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        running.close();
    }

    URI uri(String path) {
        return running.uri(path);
    }

    int port() {
        return running.base.getPort();
    }

    Path stateDir() {
        return running.stateDir;
    }
}
