package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host.setLogLevel changes what the running agent writes to its log, logger by logger, until it restarts. */
class LogLevelTest {
    private static final String HOST_LOGGER = "io.hostbridge.core.host";
    @TempDir
    Path dir;

    private static String echo(AgentProcess agent, String message) throws Exception {
        return agent.call("Host.echo", "{\"message\":\"" + message + "\"}").asText();
    }

    /** Waits until the log holds {@code text}: the agent writes its log line before it answers, but not synchronously. */
    private String awaitLog(String text) throws Exception {
        return Poll.until(Duration.ofSeconds(10), "'" + text + "' in the agent's log", () -> {
            String log = Files.readString(dir.resolve("agent.log"));
            return log.contains(text) ? log : null;
        });
    }

    @Test
    void aLoggerIsQuietenedAndTheRootIsMadeVerbose() throws Exception {
        AgentProcess agent = AgentProcess.start(dir, "agent", Map.of());
        try {
            assertThat(echo(agent, "mark-one")).isEqualTo("mark-one");
            awaitLog("echo: mark-one");

            JsonNode quiet = agent.call("Host.setLogLevel", "{\"level\":\"WARNING\",\"name\":\"" + HOST_LOGGER + "\"}");
            assertThat(quiet.asBoolean()).as(quiet.toString()).isTrue();
            echo(agent, "mark-two");
            agent.call("Host.setLogLevel", "{\"level\":\"INFO\",\"name\":\"" + HOST_LOGGER + "\"}");
            echo(agent, "mark-three");
            String log = awaitLog("echo: mark-three");
            assertThat(log).doesNotContain("mark-two").contains("Log level of " + HOST_LOGGER + " set to WARN");

            assertThat(log).doesNotContain(" DEBUG ");
            agent.call("Host.setLogLevel", "{\"level\":\"DEBUG\"}");
            echo(agent, "mark-four");
            awaitLog(" DEBUG ");
            agent.call("Host.setLogLevel", "{\"level\":\"CRITICAL\",\"name\":\"\"}");

            JsonNode bad = agent.call("Host.setLogLevel", "{\"level\":\"INFO\",\"name\":\"../../etc\"}");
            assertThat(bad.path("code").asInt()).isEqualTo(5002);
            assertThat(bad.path("parameter").asText()).isEqualTo("name");
            assertThat(agent.call("Host.setLogLevel", "{\"level\":\"LOUD\"}").path("code").asInt()).isEqualTo(5002);
        } finally {
            agent.process().destroy();
            agent.process().waitFor();
        }
    }
}
