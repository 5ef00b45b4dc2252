package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.binding.xmlrpc.LegacyNames;
import io.hostbridge.trust.HostPki;
import io.hostbridge.trust.PkiSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/xmlrpc.md cannot rot: its examples run against a real agent (each {@code python} block is one script
 * whose output must contain every {@code # expect:} line; {@code sh} blocks as in {@link DocsExamplesTest}),
 * against an agent with TLS on (a client certificate issued by its CA in place of /root/ops, its port in place of
 * 54321, its unix socket in place of /run/hostbridge/api.sock), and its tables list what the code has.
 */
class XmlRpcDocsTest {
    private static final Path DOC = Path.of(System.getProperty("hostbridge.repo"), "docs/xmlrpc.md");
    private static final Pattern PYTHON = Pattern.compile("```python\\n(.*?)```", Pattern.DOTALL);
    private static final String DOCUMENTED_ADDRESS = "localhost:54321";
    private static final String DOCUMENTED_CLIENT = "/root/ops";
    private static final String DOCUMENTED_SOCKET = "/run/hostbridge/api.sock";
    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(Map.of("http.insecure", "false"));
    @TempDir
    static Path client;

    /** The guide's client certificate, as {@code hostbridge cert issue --name ops --access admin} makes it. */
    @BeforeAll
    static void issueTheGuidesCertificate() throws Exception {
        HostPki.open(PkiSettings.own(agent.pkiDir())).issue("ops", AccessLevel.ADMIN, Duration.ofDays(1), client);
    }

    private static String localized(String example) {
        return example.replace(DOCUMENTED_ADDRESS, "localhost:" + agent.port())
                .replace(DOCUMENTED_CLIENT, client.toString())
                .replace(DOCUMENTED_SOCKET, agent.socket().toString());
    }

    @TestFactory
    Stream<DynamicTest> pythonExamples() throws Exception {
        List<String> scripts = new ArrayList<>();
        Matcher m = PYTHON.matcher(Files.readString(DOC));
        while (m.find()) {
            scripts.add(m.group(1));
        }
        assertThat(scripts).hasSizeGreaterThanOrEqualTo(5);
        return scripts.stream().map(script -> DynamicTest.dynamicTest("xmlrpc.md: " + firstCall(script), () -> {
            Shell.Result r = Shell.run(List.of("python3", "-c", localized(script)), 60);
            assertThat(r.exit()).as(script + "\n" + r.err()).isZero();
            script.lines().filter(line -> line.startsWith("# expect:"))
                    .map(line -> line.substring("# expect:".length()).strip())
                    .forEach(expected -> assertThat(r.out()).as(script).contains(expected));
        }));
    }

    @TestFactory
    Stream<DynamicTest> shellExamples() throws Exception {
        List<DocsExamplesTest.Example> examples = DocsExamplesTest.examples(DOC);
        assertThat(examples).isNotEmpty();
        return examples.stream().map(e -> DynamicTest.dynamicTest("xmlrpc.md: " + e.command(), () -> {
            String command = localized(e.command());
            Shell.Result r = Shell.sh(command, 30);
            assertThat(r.exit()).as(command + "\n" + r.err()).isZero();
            e.expected().forEach(text -> assertThat(r.out()).as(command).contains(text));
        }));
    }

    @Test
    void theLegacyTableListsExactlyTheCodesEntries() throws Exception {
        List<String> documented = tableRows("## Legacy names");
        List<String> code = LegacyNames.all().stream()
                .map(e -> String.join(" | ", quoted(e.name()), quoted(e.verb()),
                        e.params().isEmpty() ? "—" : e.params().stream().map(XmlRpcDocsTest::quoted)
                                .collect(Collectors.joining(", ")),
                        e.payloadKey() == null ? "—" : quoted(e.payloadKey())))
                .collect(Collectors.toList());
        assertThat(documented).containsExactlyInAnyOrderElementsOf(code);
    }

    @Test
    void theErrorTableListsEveryErrorCode() throws Exception {
        Set<Integer> documented = tableRows("## Errors").stream()
                .flatMap(row -> Arrays.stream(row.substring(0, row.indexOf(" | ")).split(", ")))
                .map(Integer::valueOf).collect(Collectors.toSet());
        Set<Integer> codes = Arrays.stream(ErrorCode.values()).map(ErrorCode::code).collect(Collectors.toSet());
        codes.add(0);
        assertThat(documented).isEqualTo(codes);
    }

    /** The body rows of the first table after {@code heading}, cells joined by " | ". */
    private static List<String> tableRows(String heading) throws Exception {
        List<String> lines = Files.readString(DOC).lines().collect(Collectors.toList());
        int i = lines.indexOf(heading);
        assertThat(i).as(heading).isNotNegative();
        while (!lines.get(i).startsWith("|")) {
            i++;
        }
        List<String> rows = new ArrayList<>();
        for (i += 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String row = lines.get(i);
            rows.add(Arrays.stream(row.substring(1, row.length() - 1).split("\\|")).map(String::strip)
                    .collect(Collectors.joining(" | ")));
        }
        return rows;
    }

    private static String quoted(String name) {
        return "`" + name + "`";
    }

    /** Names a dynamic test after the script's first call. */
    private static String firstCall(String script) {
        return script.lines().filter(l -> l.contains("server.")).findFirst().orElse("").strip();
    }
}
