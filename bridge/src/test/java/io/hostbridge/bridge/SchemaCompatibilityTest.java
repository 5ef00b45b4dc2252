package io.hostbridge.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.bridge.model.SchemaCompatibility;
import io.hostbridge.bridge.model.SchemaWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Each incompatible change is caught; compatible growth is not flagged. */
class SchemaCompatibilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A deep, mutable copy of the sample schema. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> schema() {
        Map<String, Object> written = SchemaWriter.write(ApiModel.read("0.1.0", List.of(SampleApi.class)));
        try {
            return JSON.readValue(JSON.writeValueAsString(written), Map.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> after(Consumer<Map<String, Object>> change) {
        Map<String, Object> now = schema();
        change.accept(now);
        return SchemaCompatibility.breakingChanges(schema(), now);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> m, String... path) {
        Object o = m;
        for (String p : path) {
            o = o instanceof List<?> l ? l.get(Integer.parseInt(p)) : ((Map<String, Object>) o).get(p);
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> m, String key) {
        return (List<Object>) m.get(key);
    }

    @Test
    void identicalSchemasAreCompatible() {
        assertThat(SchemaCompatibility.breakingChanges(schema(), schema())).isEmpty();
    }

    @Test
    void removalsBreak() {
        assertThat(after(s -> at(s, "verbs").remove("Sample.add"))).containsExactly("verb removed: Sample.add");
        assertThat(after(s -> list(at(s, "verbs", "Sample.add"), "params").remove(1)))
                .containsExactly("Sample.add: parameter removed: b");
        assertThat(after(s -> at(s, "events").remove("sample.changed"))).containsExactly("event removed: sample.changed");
        assertThat(after(s -> at(s, "types", "Disk", "fields").remove("size"))).containsExactly("type Disk: field removed: size");
        assertThat(after(s -> list(at(s, "types", "Power"), "values").remove("Up")))
                .containsExactly("type Power: enum value removed: Up");
    }

    @Test
    void typeChangesBreak() {
        assertThat(after(s -> at(s, "verbs", "Sample.add", "params", "0").put("type", "long")))
                .containsExactly("Sample.add(a): type changed from int to long");
        assertThat(after(s -> at(s, "verbs", "Sample.add").put("result", "int")))
                .containsExactly("Sample.add: result type changed from long to int");
        assertThat(after(s -> at(s, "types", "Disk", "fields", "size").put("type", "string")))
                .containsExactly("type Disk.size: type changed from long to string");
    }

    @Test
    void requirednessChangesBreakInTheRightDirection() {
        assertThat(after(s -> at(s, "verbs", "Sample.add", "params", "1").put("required", true)))
                .containsExactly("Sample.add(b): optional parameter made required");
        assertThat(after(s -> list(at(s, "verbs", "Sample.add"), "params").add(Map.of("name", "c", "type", "int", "required", true))))
                .containsExactly("Sample.add: required parameter added: c");
        assertThat(after(s -> list(at(s, "verbs", "Sample.add"), "params").add(Map.of("name", "c", "type", "int", "required", false))))
                .isEmpty();
        // Machine is both sent (create's vmParams) and received (create's result)
        assertThat(after(s -> at(s, "types", "Machine", "fields", "disks").put("optional", false)))
                .containsExactly("type Machine.disks: made required in a type callers send");
        assertThat(after(s -> at(s, "types", "Machine", "fields", "memSize").put("optional", true)))
                .containsExactly("type Machine.memSize: made optional in a type callers receive");
    }

    @Test
    void accessRaisedAndOrderChangedBreak() {
        assertThat(after(s -> at(s, "verbs", "Sample.add").put("access", "admin")))
                .containsExactly("Sample.add: access level raised from read to admin");
        assertThat(after(s -> java.util.Collections.swap(list(at(s, "verbs", "Sample.add"), "params"), 0, 1)))
                .containsExactly("Sample.add: parameter order changed at position 0");
    }

    @Test
    void aRestResourceMovedOrRemovedBreaksAndOneAddedDoesNot() {
        Map<String, Object> released = schema();
        at(released, "verbs", "Sample.add").put("rest", Map.of("method", "GET", "path", "/sums"));
        Map<String, Object> moved = schema();
        at(moved, "verbs", "Sample.add").put("rest", Map.of("method", "GET", "path", "/totals"));
        assertThat(SchemaCompatibility.breakingChanges(released, moved)).singleElement().asString()
                .startsWith("Sample.add: REST resource changed");
        assertThat(SchemaCompatibility.breakingChanges(released, schema())).singleElement().asString()
                .contains("to null");
        assertThat(SchemaCompatibility.breakingChanges(schema(), released)).isEmpty();
    }

    @Test
    void growthIsCompatible() {
        assertThat(after(s -> at(s, "verbs").put("Sample.more", at(s, "verbs", "Sample.nothing")))).isEmpty();
        assertThat(after(s -> at(s, "types", "Machine", "fields").put("extra", Map.of("type", "int", "optional", true))))
                .isEmpty();
    }
}
