package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the shell examples of docs/imageio.md, in order, against a real agent with the data server on TLS: the
 * agent's real port, sockets and CA replace the documented defaults, and the guide's storage domain is made in a temporary directory instead of
 * /srv/hostbridge.
 */
class ImageioDocsTest {
    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(Map.of("imageio.tls", "true"));

    @TestFactory
    Stream<DynamicTest> imageioGuideExamples() throws Exception {
        Path storage = agent.stateDir().resolveSibling("srv");
        List<DocsExamplesTest.Example> examples =
                DocsExamplesTest.examples(Path.of(System.getProperty("hostbridge.repo"), "docs/imageio.md"));
        assertThat(examples).hasSizeGreaterThan(10);
        return examples.stream().map(e -> DynamicTest.dynamicTest(e.command(), () -> {
            String command = e.command().replace("/run/hostbridge/api.sock", agent.socket().toString())
                    .replace("localhost:54322", "localhost:" + agent.imageioPort())
                    .replace("/var/lib/hostbridge/pki", agent.pkiDir().toString())
                    .replace("/run/hostbridge/imageio.sock", agent.imageioSocket().toString())
                    .replace("/srv/hostbridge", storage.toString());
            Shell.Result r = Shell.sh(command, 30);
            assertThat(r.exit()).as(command + "\n" + r.err()).isZero();
            for (String text : e.expected()) {
                assertThat(r.out()).as(command).contains(text);
            }
        }));
    }
}
