package io.hostbridge.bridge.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiVerb;
import io.hostbridge.api.stream.StreamMode;
import io.hostbridge.api.stream.StreamRef;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.bridge.model.SchemaCompatibility;
import io.hostbridge.bridge.model.SchemaWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A stream verb in the model and the schema: its direction, and a StreamRef as its result. */
class StreamSchemaTest {

    @ApiNamespace(value = "Bad", description = "x")
    interface StreamVerbReturningData {
        @ApiVerb(description = "x", access = AccessLevel.READ, since = "0.1", stream = StreamMode.OUT)
        StreamRef verb(@ApiParam(value = "n", description = "n") String n);
    }

    @ApiNamespace(value = "Bad", description = "x")
    interface StreamVerbReturningNothing {
        @ApiVerb(description = "x", access = AccessLevel.READ, since = "0.1", stream = StreamMode.IN)
        void verb();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> m, String... path) {
        for (String key : path) {
            m = (Map<String, Object>) m.get(key);
        }
        return m;
    }

    @Test
    void theSchemaNamesEachStreamVerbsDirectionAndItsStreamRefResult() {
        Map<String, Object> schema = new StreamFixture().bridge().schema();

        assertThat(at(schema, "verbs", "Data.upload")).containsEntry("stream", "in").containsEntry("result",
                "StreamRef");
        assertThat(at(schema, "verbs", "Data.download")).containsEntry("stream", "out");
        assertThat(at(schema, "verbs", "Data.console")).containsEntry("stream", "both");
        assertThat(at(schema, "types", "StreamRef", "fields")).containsOnlyKeys("streamId");
    }

    @Test
    void anOrdinaryVerbHasNoStreamEntry() {
        Map<String, Object> schema = SchemaWriter.write(ApiModel.read("0.1.0",
                List.of(io.hostbridge.bridge.SampleApi.class)));

        assertThat(at(schema, "verbs", "Sample.add")).doesNotContainKey("stream");
    }

    @Test
    void aStreamVerbMustReturnAStreamHandler() {
        assertThatThrownBy(() -> ApiModel.read("1", List.of(StreamVerbReturningData.class)))
                .hasMessageContaining("Bad.verb").hasMessageContaining("StreamHandler");
        assertThatThrownBy(() -> ApiModel.read("1", List.of(StreamVerbReturningNothing.class)))
                .hasMessageContaining("Bad.verb").hasMessageContaining("StreamHandler");
    }

    @Test
    @SuppressWarnings("unchecked")
    void changingAVerbsStreamIsABreakingChange() {
        Map<String, Object> old = SchemaWriter.write(ApiModel.read("0.1.0", List.of(DataApi.class)));
        Map<String, Object> now = new LinkedHashMap<>(old);
        Map<String, Object> verbs = new LinkedHashMap<>((Map<String, Object>) old.get("verbs"));
        Map<String, Object> upload = new LinkedHashMap<>((Map<String, Object>) verbs.get("Data.upload"));
        upload.put("stream", "both");
        verbs.put("Data.upload", upload);
        now.put("verbs", verbs);

        assertThat(SchemaCompatibility.breakingChanges(old, now)).containsExactly(
                "Data.upload: stream changed from in to both");
    }
}
