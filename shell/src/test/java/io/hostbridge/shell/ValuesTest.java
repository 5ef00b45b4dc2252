package io.hostbridge.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command-line words as the values the schema's types want, and results as people and programs read them. */
class ValuesTest {
    private static final JsonNode TYPES = json("{\"DomainClass\":{\"kind\":\"enum\",\"values\":[\"data\",\"iso\"]},"
            + "\"VmParams\":{\"kind\":\"object\",\"fields\":{}}}");

    private static JsonNode json(String text) {
        try {
            return Values.JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String type, String word) throws Values.BadValue {
        return Values.parse("--x", json(type), TYPES, word);
    }

    @Test
    void scalarsAreTheirTypes() throws Exception {
        assertThat(parse("\"int\"", "42").isIntegralNumber()).isTrue();
        assertThat(parse("\"long\"", "-9000000000").asLong()).isEqualTo(-9_000_000_000L);
        assertThat(parse("\"boolean\"", "true").asBoolean()).isTrue();
        assertThat(parse("\"float\"", "2.5").asDouble()).isEqualTo(2.5);
        assertThat(parse("\"string\"", "42").isTextual()).isTrue();
        assertThat(parse("\"DomainClass\"", "iso").asText()).isEqualTo("iso");
        assertThatThrownBy(() -> parse("\"int\"", "4x")).hasMessage("--x takes a whole number, not '4x'");
        assertThatThrownBy(() -> parse("\"boolean\"", "yes")).hasMessage("--x takes true or false, not 'yes'");
    }

    @Test
    void listsAreJsonOrCommaSeparated() throws Exception {
        assertThat(parse("{\"list\":\"uuid\"}", "a, b").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(parse("{\"list\":\"int\"}", "[1,2]").toString()).isEqualTo("[1,2]");
        assertThatThrownBy(() -> parse("{\"list\":\"int\"}", "1,x")).hasMessageContaining("whole number");
    }

    @Test
    void objectsAreJsonOrAFile(@TempDir Path dir) throws Exception {
        assertThat(parse("\"VmParams\"", "{\"vmName\":\"a\"}").get("vmName").asText()).isEqualTo("a");
        Path file = Files.writeString(dir.resolve("vm.json"), "{\"memSize\":256}");
        assertThat(parse("\"VmParams\"", "@" + file).get("memSize").asInt()).isEqualTo(256);
        assertThatThrownBy(() -> parse("\"VmParams\"", "{oops")).hasMessageContaining("is not JSON");
        assertThatThrownBy(() -> parse("\"VmParams\"", "@" + dir.resolve("none"))).hasMessageContaining("cannot read");
    }

    @Test
    void aListOfObjectsIsATableOnATerminalAndJsonInAPipe() throws Exception {
        JsonNode rows = json("[{\"vmId\":\"1\",\"vmName\":\"web\",\"drives\":[]},{\"vmId\":\"22\",\"vmName\":\"db\"}]");
        assertThat(print(Output.of(null, true), rows)).isEqualTo("VMID  VMNAME\n1     web\n22    db\n");
        assertThat(print(Output.of(null, false), rows)).isEqualTo(rows.toString() + "\n");
        assertThat(print(Output.of(null, true), json("{\"a\":1}"))).isEqualTo("a: 1\n");
    }

    private static String print(Output output, JsonNode value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        output.print(value, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
