package io.hostbridge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hostbridge.agent.config.AgentConfig;
import io.hostbridge.agent.config.ConfigLoader;
import io.hostbridge.binding.rest.OpenApi;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.bridge.model.SchemaCompatibility;
import io.hostbridge.bridge.model.SchemaWriter;
import io.hostbridge.core.InjectorTestModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed schema under docs/schema/ is the API the agent serves with every module (the namespaces its modules
 * implement), and it stays compatible with the last released schema; so is the OpenAPI document docs/openapi.json.
 * Regenerate both with
 * {@code mvn -pl agent test -Dtest=SchemaFileTest -Dhostbridge.updateSchema=true}.
 */
class SchemaFileTest {
    @TempDir
    static Path dir;
    private static ApiModel api;

    /** The model as the agent's default modules make it; no binding is needed for that. */
    @BeforeAll
    static void readTheServedApi() {
        AgentConfig config = new ConfigLoader().load(null, Map.of(), Map.of("host.stateDir", dir.resolve("state").toString(),
                "host.runDir", dir.resolve("run").toString(), "rest.enabled", "false", "xmlrpc.enabled", "false",
                "amqp.enabled", "false", "imageio.enabled", "false"));
        api = InjectorTestModule.of(Modules.choose(config, "test").toArray(new com.google.inject.Module[0]))
                .get(ApiModel.class);
    }

    @Test
    void everyNamespaceOfTheContractIsServed() {
        assertThat(api.verbs()).containsKeys("Host.getCapabilities", "Host.ping2", "Host.getEvents", "VM.create",
                "StorageDomain.create", "Volume.create", "Image.delete", "SDM.copy_data", "Job.getStatus",
                "Task.getStatus", "Host.getJobs", "Host.getVMList", "Host.getStorageDomains", "Host.add_image_ticket");
        assertThat(api.requireVerb("Host.ping2").servedDuringRecovery()).isTrue();
        assertThat(api.requireVerb("VM.create").servedDuringRecovery()).isFalse();
    }
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DOCS = Path.of(System.getProperty("hostbridge.docs", "../docs"));
    private static final Path CURRENT = DOCS.resolve("schema/hostbridge-api.json");
    private static final Path OPENAPI = DOCS.resolve("openapi.json");
    private static final Path RELEASED = DOCS.resolve("schema/released");

    static String render(Map<String, Object> schema) throws IOException {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
        return JSON.writer(printer).writeValueAsString(schema) + "\n";
    }

    @Test
    void committedSchemaMatchesTheDeclarations() throws IOException {
        String generated = render(SchemaWriter.write(api));
        if (Boolean.getBoolean("hostbridge.updateSchema")) {
            Files.createDirectories(CURRENT.getParent());
            Files.writeString(CURRENT, generated, StandardCharsets.UTF_8);
        }
        assertThat(CURRENT).as("docs/schema/hostbridge-api.json is out of date: regenerate it with"
                + " mvn -pl agent test -Dtest=SchemaFileTest -Dhostbridge.updateSchema=true").exists();
        assertThat(Files.readString(CURRENT, StandardCharsets.UTF_8)).isEqualTo(generated);
    }

    /** The same for the OpenAPI document the REST binding serves. */
    @Test
    void committedOpenApiDocumentMatchesTheDeclarations() throws IOException {
        String generated = render(OpenApi.write(api));
        if (Boolean.getBoolean("hostbridge.updateSchema")) {
            Files.writeString(OPENAPI, generated, StandardCharsets.UTF_8);
        }
        assertThat(OPENAPI).as("docs/openapi.json is out of date: regenerate it with"
                + " mvn -pl agent test -Dtest=SchemaFileTest -Dhostbridge.updateSchema=true").exists();
        assertThat(Files.readString(OPENAPI, StandardCharsets.UTF_8)).isEqualTo(generated);
    }

    @Test
    @SuppressWarnings("unchecked")
    void currentSchemaIsCompatibleWithTheLastRelease() throws IOException {
        Path last = lastRelease().orElseThrow(() -> new AssertionError("no released schema under " + RELEASED));
        Map<String, Object> released = JSON.readValue(last.toFile(), Map.class);
        Map<String, Object> current = JSON.readValue(render(SchemaWriter.write(api)), Map.class);
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
