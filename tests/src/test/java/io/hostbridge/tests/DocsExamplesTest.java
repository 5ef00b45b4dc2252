package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs every shell example of the user guides (REST, JSON-RPC, storage, VMs, operations) against a real agent, so the docs cannot rot. In a
 * {@code sh} block, each command runs with the agent's real address in place of 127.0.0.1:54321 and its unix socket in
 * place of /run/hostbridge/api.sock; a
 * following {@code # expect: TEXT} line must appear in its output, and it must exit 0 (streaming examples
 * are stopped after two seconds).
 */
class DocsExamplesTest {
    private static final Pattern BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
    @RegisterExtension
    static final AgentExtension agent = new AgentExtension();

    /** Examples read events: wait for the first host.stats of the agent (published every 200 ms in tests). */
    @BeforeAll
    static void firstEventPublished() throws Exception {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Http.post(agent.uri("/api/v1/rpc/Host.getEvents"), "{\"topics\":\"host.stats\",\"limit\":1}")
                .json().path("events").isEmpty()) {
            assertThat(Instant.now()).as("first host.stats event").isBefore(deadline);
            Thread.sleep(20);
        }
    }

    record Example(String doc, String command, List<String> expected) {
    }

    static List<Example> examples(Path doc) throws Exception {
        List<Example> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(Files.readString(doc));
        while (m.find()) {
            String command = null;
            List<String> expected = new ArrayList<>();
            for (String line : m.group(1).replace("\\\n", " ").split("\n")) {
                if (line.startsWith("# expect:")) {
                    expected.add(line.substring("# expect:".length()).strip());
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    if (command != null) {
                        out.add(new Example(doc.getFileName().toString(), command, expected));
                        expected = new ArrayList<>();
                    }
                    command = line.strip();
                }
            }
            if (command != null) {
                out.add(new Example(doc.getFileName().toString(), command, expected));
            }
        }
        return out;
    }

    /** The REST guide's storage domain is made in a temporary directory instead of /srv/hostbridge. */
    @TestFactory
    Stream<DynamicTest> restGuideExamples() throws Exception {
        Path dir = Files.createTempDirectory("hostbridge-docs");
        return run("docs/rest.md", 5, java.util.Map.of("/srv/hostbridge", dir.toString()));
    }

    @TestFactory
    Stream<DynamicTest> jsonRpcGuideExamples() throws Exception {
        return run("docs/jsonrpc.md", 8);
    }

    /** The storage guide's examples make their domain in a temporary directory instead of /srv/hostbridge. */
    @TestFactory
    Stream<DynamicTest> storageGuideExamples() throws Exception {
        Path dir = Files.createTempDirectory("hostbridge-docs");
        return run("docs/storage.md", 8, java.util.Map.of("/srv/hostbridge", dir.toString()));
    }

    /** The VM guide's ISO directory is the agent's, holding the ISO image its examples name. */
    @TestFactory
    Stream<DynamicTest> vmGuideExamples() throws Exception {
        agent.disk("debian.iso");
        return run("docs/vm.md", 10, java.util.Map.of("/var/lib/isos", agent.isoDir().toString()));
    }

    /** The metrics example needs a call to count first. */
    @TestFactory
    Stream<DynamicTest> operationsGuideExamples() throws Exception {
        assertThat(Http.post(agent.uri("/api/v1/rpc/Host.ping2"), "").status()).isEqualTo(200);
        return run("docs/operations.md", 1);
    }

    private static Stream<DynamicTest> run(String guide, int atLeast) throws Exception {
        return run(guide, atLeast, java.util.Map.of());
    }

    private static Stream<DynamicTest> run(String guide, int atLeast, java.util.Map<String, String> replacements)
            throws Exception {
        Path doc = Path.of(System.getProperty("hostbridge.repo"), guide);
        List<Example> examples = examples(doc);
        assertThat(examples).hasSizeGreaterThan(atLeast);
        String address = "127.0.0.1:" + agent.port();
        return examples.stream().map(e -> DynamicTest.dynamicTest(e.doc() + ": " + e.command(), () -> {
            String command = e.command().replace("127.0.0.1:54321", address)
                    .replace("/run/hostbridge/api.sock", agent.socket().toString());
            for (java.util.Map.Entry<String, String> r : replacements.entrySet()) {
                command = command.replace(r.getKey(), r.getValue());
            }
            boolean streaming = command.contains("/events");
            if (streaming) {
                command = command.replaceFirst("^curl ", "curl --max-time 2 ");
            }
            Shell.Result r = Shell.sh(command, 30);
            assertThat(r.exit()).as(command + "\n" + r.err()).isEqualTo(streaming ? 28 : 0);
            for (String text : e.expected()) {
                assertThat(r.out()).as(command).contains(text);
            }
        }));
    }
}
