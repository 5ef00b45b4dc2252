package io.hostbridge.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;

/** What the AMQP tests share: a port for the embedded broker, the host id, a Python that has Qpid Proton. */
final class AmqpSupport {
    private static String python;

    private AmqpSupport() {
    }

    /** A free port, for a class's {@code broker.port} (taken at class initialization, before the agent starts). */
    static String freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return Integer.toString(s.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String hostId(AgentExtension agent) throws Exception {
        return Http.get(agent.uri("/api/v1/host/capabilities")).json().get("hostId").asText();
    }

    /**
     * A python3 that can import proton: the one on the PATH, or Debian's (python3-qpid-proton installs into
     * the system interpreter, which a pyenv or venv python on the PATH does not see).
     */
    static synchronized String python() throws Exception {
        if (python == null) {
            for (String candidate : List.of("python3", "/usr/bin/python3")) {
                try {
                    if (Shell.run(List.of(candidate, "-c", "import proton"), 30).exit() == 0) {
                        python = candidate;
                        break;
                    }
                } catch (IOException e) {
                    // not installed there
                }
            }
            if (python == null) {
                throw new AssertionError("no python3 with Qpid Proton: install the Debian package python3-qpid-proton "
                        + "(scripts/prereqs.sh)");
            }
        }
        return python;
    }
}
