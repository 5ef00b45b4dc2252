package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.AccessLevel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every Python example of docs/stomp.md (Python's own ssl module speaking the frames) against a real agent on its secure
 * defaults: each {@code python} block runs with the agent's real port in place of {@code PORT = 54321}, in a
 * directory holding the certificate the guide issues ({@code engine/}, admin); it must exit 0, and each
 * {@code # expect: TEXT} line in it must appear in its output.
 */
class StompDocsTest {
    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(Map.of("http.insecure", "false"));

    @TempDir
    static Path workDir;

    @TestFactory
    Stream<DynamicTest> stompGuideExamples() throws Exception {
        List<AmqpDocsTest.Example> examples = AmqpDocsTest.examples(Path.of(System.getProperty("hostbridge.repo"),
                "docs/stomp.md"));
        assertThat(examples).hasSizeGreaterThanOrEqualTo(2).allSatisfy(e -> assertThat(e.expected()).isNotEmpty());
        // as 'bin/hostbridge cert issue --name engine --access admin --out engine' would
        AmqpSupport.issue(agent, "engine", AccessLevel.ADMIN, workDir.resolve("engine"));
        return examples.stream().map(e -> DynamicTest.dynamicTest("stomp.md example " + e.number(), () -> {
            assertThat(e.code()).as("connects to the agent's port").contains("PORT = 54321");
            String code = e.code().replace("PORT = 54321", "PORT = " + agent.port());
            Shell.Result r = Shell.run(List.of("/usr/bin/python3", "-c", code), 90, workDir);
            assertThat(r.exit()).as(e.code() + "\n" + r.err()).isZero();
            for (String text : e.expected()) {
                assertThat(r.out()).as(e.code()).contains(text);
            }
        }));
    }
}
