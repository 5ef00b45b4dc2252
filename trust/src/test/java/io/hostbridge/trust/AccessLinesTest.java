package io.hostbridge.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hostbridge.api.AccessLevel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

class AccessLinesTest {
    private static final Path FILE = Path.of("/etc/hostbridge/access");
    private static final UnaryOperator<String> DN = dn -> new X500Principal(dn).getName(X500Principal.CANONICAL);

    private static java.util.Map<String, AccessLevel> parse(String text, UnaryOperator<String> key) throws IOException {
        return AccessLines.parse(text.getBytes(StandardCharsets.UTF_8), FILE, "subject DN", key);
    }

    @Test
    void levelsForNamesCommentsAndBlankLinesIgnored() throws IOException {
        assertThat(parse("# who\n\nadmin CN=engine, O=example\nREAD  manager one\n", UnaryOperator.identity()))
                .containsEntry("CN=engine, O=example", AccessLevel.ADMIN).containsEntry("manager one", AccessLevel.READ)
                .hasSize(2);
        assertThat(parse("write CN=a,  O=b", DN)).containsEntry("cn=a,o=b", AccessLevel.WRITE);
    }

    @Test
    void aBadLineRefusesTheFileNamingTheLine() {
        assertThatThrownBy(() -> parse("read a\nsuper b", UnaryOperator.identity()))
                .hasMessage("/etc/hostbridge/access line 2: expected '<none|read|write|admin> <subject DN>'");
        assertThatThrownBy(() -> parse("admin", UnaryOperator.identity()))
                .hasMessage("/etc/hostbridge/access line 1: a subject DN must follow the level");
        assertThatThrownBy(() -> parse("admin not a dn", DN))
                .hasMessage("/etc/hostbridge/access line 1: expected '<none|read|write|admin> <subject DN>'");
    }
}
