package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/security.md's table of access levels names exactly the verbs the API declares {@code admin}: a verb raised
 * or lowered in code shows up here until the guide says so.
 */
class SecurityDocsTest {
    private static final Pattern VERB = Pattern.compile("`([A-Z][A-Za-z]*\\.[A-Za-z_0-9]+)`");

    @Test
    void theAdminRowsNameExactlyTheSchemasAdminVerbs() throws Exception {
        Path repo = Path.of(System.getProperty("hostbridge.repo"));
        Set<String> documented = new TreeSet<>();
        for (String line : Files.readAllLines(repo.resolve("docs/security.md"))) {
            String[] cells = line.split("\\|");
            if (line.startsWith("| `") && cells.length > 2 && cells[2].strip().equals("`admin`")) {
                Matcher m = VERB.matcher(cells[1]);
                while (m.find()) {
                    documented.add(m.group(1));
                }
            }
        }
        Set<String> declared = new TreeSet<>();
        JsonNode verbs = Http.JSON.readTree(repo.resolve("docs/schema/hostbridge-api.json").toFile()).path("verbs");
        verbs.fields().forEachRemaining(verb -> {
            if (verb.getValue().path("access").asText().equals("admin")) {
                declared.add(verb.getKey());
            }
        });
        assertThat(declared).as("the schema's admin verbs").isNotEmpty();
        assertThat(documented).isEqualTo(declared);
    }
}
