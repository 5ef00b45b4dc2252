package io.hostbridge.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hostbridge.api.ApiCatalog;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.bridge.model.SchemaCompatibility;
import io.hostbridge.bridge.model.SchemaWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed schema under docs/schema/ is what the code declares, and it stays compatible with the
 * last released schema. Regenerate with {@code mvn -pl bridge test -Dhostbridge.updateSchema=true}.
 */
class SchemaFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DOCS = Path.of(System.getProperty("hostbridge.docs", "../docs"));
    private static final Path CURRENT = DOCS.resolve("schema/hostbridge-api.json");
    private static final Path RELEASED = DOCS.resolve("schema/released");

    static String render(Map<String, Object> schema) throws IOException {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
        return JSON.writer(printer).writeValueAsString(schema) + "\n";
    }

    @Test
    void committedSchemaMatchesTheDeclarations() throws IOException {
        String generated = render(SchemaWriter.write(ApiModel.read(ApiCatalog.VERSION, ApiCatalog.NAMESPACES)));
        if (Boolean.getBoolean("hostbridge.updateSchema")) {
            Files.createDirectories(CURRENT.getParent());
            Files.writeString(CURRENT, generated, StandardCharsets.UTF_8);
        }
        assertThat(CURRENT).as("docs/schema/hostbridge-api.json is out of date: regenerate it with"
                + " mvn -pl bridge test -Dhostbridge.updateSchema=true").exists();
        assertThat(Files.readString(CURRENT, StandardCharsets.UTF_8)).isEqualTo(generated);
    }

    @Test
    @SuppressWarnings("unchecked")
    void currentSchemaIsCompatibleWithTheLastRelease() throws IOException {
        Path last = lastRelease().orElseThrow(() -> new AssertionError("no released schema under " + RELEASED));
        Map<String, Object> released = JSON.readValue(last.toFile(), Map.class);
        Map<String, Object> current = JSON.readValue(render(SchemaWriter.write(ApiModel.read(ApiCatalog.VERSION, ApiCatalog.NAMESPACES))), Map.class);
        assertThat(SchemaCompatibility.breakingChanges(released, current))
                .as("incompatible with the released schema " + last.getFileName()).isEmpty();
    }

    private static Optional<Path> lastRelease() throws IOException {
        try (Stream<Path> files = Files.list(RELEASED)) {
            return files.filter(p -> p.getFileName().toString().matches("hostbridge-api-[0-9.]+\\.json"))
                    .max(Comparator.comparing(SchemaFileTest::version));
        }
    }

    /** hostbridge-api-0.10.0.json sorts after -0.9.0: compare numerically. */
    private static String version(Path p) {
        String v = p.getFileName().toString().replaceAll("hostbridge-api-|\\.json", "");
        StringBuilder key = new StringBuilder();
        for (String part : v.split("\\.")) {
            key.append(String.format("%08d", Integer.parseInt(part)));
        }
        return key.toString();
    }
}
