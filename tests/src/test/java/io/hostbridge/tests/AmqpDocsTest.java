package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.AccessLevel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every Python example of docs/amqp.md against a real agent and its embedded broker on its secure
 * defaults, so the guide cannot rot. Each {@code python} block is a program: it runs with the broker's real AMQPS
 * port in place of localhost:5671, the host id as its first argument, in a directory holding the client
 * certificate the guide issues ({@code manager/}, write access), on a host with a storage domain (the data streams
 * example works in it); it must exit 0, and each {@code # expect: TEXT} line in it must appear in its output.
 */
class AmqpDocsTest {
    private static final Pattern BLOCK = Pattern.compile("```python\\n(.*?)```", Pattern.DOTALL);
    private static final String PORT = AmqpSupport.freePort();

    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(Map.of("amqp.enabled", "true", "broker.port", PORT,
            "amqp.presenceInterval", "1s"));

    @TempDir
    static Path workDir;

    record Example(int number, String code, List<String> expected) {
    }

    static List<Example> examples(Path doc) throws Exception {
        List<Example> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(Files.readString(doc));
        while (m.find()) {
            List<String> expected = new ArrayList<>();
            for (String line : m.group(1).split("\n")) {
                if (line.startsWith("# expect:")) {
                    expected.add(line.substring("# expect:".length()).strip());
                }
            }
            out.add(new Example(out.size() + 1, m.group(1), expected));
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> amqpGuideExamples() throws Exception {
        List<Example> examples = examples(Path.of(System.getProperty("hostbridge.repo"), "docs/amqp.md"));
        assertThat(examples).hasSizeGreaterThanOrEqualTo(5).allSatisfy(e -> assertThat(e.expected()).isNotEmpty());
        String hostId = AmqpSupport.hostId(agent);
        String python = AmqpSupport.python();
        // as 'bin/hostbridge cert issue --name manager --access write --out manager' would
        AmqpSupport.issue(agent, "manager", AccessLevel.WRITE, workDir.resolve("manager"));
        new ImageTickets(agent).domain(); // made by an admin, as a manager with write access finds it
        return examples.stream().map(e -> DynamicTest.dynamicTest("amqp.md example " + e.number(), () -> {
            assertThat(e.code()).as("connects to the embedded broker's AMQPS port").contains("localhost:5671");
            String code = e.code().replace("localhost:5671", "localhost:" + PORT);
            Shell.Result r = Shell.run(List.of(python, "-c", code, hostId), 90, workDir);
            assertThat(r.exit()).as(e.code() + "\n" + r.err()).isZero();
            for (String text : e.expected()) {
                assertThat(r.out()).as(e.code()).contains(text);
            }
        }));
    }
}
