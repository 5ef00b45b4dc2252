package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java example of docs/client.md, compiled by javac against the client library and run as its own program
 * against a real agent's unix socket, so that the guide's code cannot rot.
 */
class ClientGuideTest {
    @RegisterExtension
    static final AgentExtension agent = new AgentExtension();

    @Test
    void theGuidesProgramCompilesAndRuns(@TempDir Path dir) throws Exception {
        String guide = Files.readString(Path.of(System.getProperty("hostbridge.repo"), "docs/client.md"));
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(guide);
        assertThat(block.find()).as("a java block in docs/client.md").isTrue();
        Matcher name = Pattern.compile("public class (\\w+)").matcher(block.group(1));
        assertThat(name.find()).isTrue();
        Path source = dir.resolve(name.group(1) + ".java");
        Files.writeString(source, block.group(1));

        String classPath = System.getProperty("java.class.path");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
        int compiled = javac.run(null, null, errors, "-cp", classPath, "-d", dir.toString(), source.toString());
        assertThat(compiled).as(errors.toString()).isZero();

        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Shell.Result run = Shell.run(List.of(javaBin, "-cp", dir + java.io.File.pathSeparator + classPath,
                name.group(1), agent.socket().toString()), 60);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("(?m)^host [0-9a-f-]{36}$").contains("no such VM (code 1)");
    }
}
