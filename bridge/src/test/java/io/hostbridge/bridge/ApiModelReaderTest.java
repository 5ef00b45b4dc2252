package io.hostbridge.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiVerb;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.bridge.model.TypeRef;
import io.hostbridge.bridge.model.VerbDef;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Declarations the schema cannot describe are refused when the model is read, naming the culprit. */
class ApiModelReaderTest {

    @ApiNamespace(value = "Bad", description = "x")
    interface MissingParamAnnotation {
        @ApiVerb(description = "x", access = AccessLevel.READ, since = "0.1")
        void verb(String x);
    }

    @ApiNamespace(value = "Bad", description = "x")
    interface OptionalPrimitiveWithoutDefault {
        @ApiVerb(description = "x", access = AccessLevel.READ, since = "0.1")
        void verb(@ApiParam(value = "n", description = "n", optional = true) int n);
    }

    @ApiNamespace(value = "Bad", description = "x")
    interface UnsupportedType {
        @ApiVerb(description = "x", access = AccessLevel.READ, since = "0.1")
        void verb(@ApiParam(value = "s", description = "s") Set<String> s);
    }

    @ApiNamespace(value = "Bad", description = "x")
    interface NotAnApiType {
        @ApiVerb(description = "x", access = AccessLevel.READ, since = "0.1")
        StringBuilder verb();
    }

    @ApiNamespace(value = "Bad", description = "x")
    interface MissingVerbAnnotation {
        void verb();
    }

    @Test
    void refusesDeclarationsItCannotDescribe() {
        assertThatThrownBy(() -> ApiModel.read("1", List.of(MissingParamAnnotation.class)))
                .hasMessageContaining("Bad.verb").hasMessageContaining("@ApiParam");
        assertThatThrownBy(() -> ApiModel.read("1", List.of(OptionalPrimitiveWithoutDefault.class)))
                .hasMessageContaining("Bad.verb(n)").hasMessageContaining("defaultValue");
        assertThatThrownBy(() -> ApiModel.read("1", List.of(UnsupportedType.class)))
                .hasMessageContaining("Bad.verb(s)").hasMessageContaining("Set<java.lang.String>");
        assertThatThrownBy(() -> ApiModel.read("1", List.of(NotAnApiType.class)))
                .hasMessageContaining("StringBuilder").hasMessageContaining("@ApiType");
        assertThatThrownBy(() -> ApiModel.read("1", List.of(MissingVerbAnnotation.class)))
                .hasMessageContaining("@ApiVerb");
        assertThatThrownBy(() -> ApiModel.read("1", List.of(String.class))).hasMessageContaining("@ApiNamespace");
    }

    @Test
    void readsVerbsTypesAndEvents() {
        ApiModel model = ApiModel.read("0.1.0", List.of(SampleApi.class));
        VerbDef create = model.requireVerb("Sample.create");
        assertThat(create.access()).isEqualTo(AccessLevel.WRITE);
        assertThat(create.errors()).containsExactly(ErrorCode.EXIST);
        assertThat(create.params()).extracting(p -> p.name()).containsExactly("vmID", "vmParams");
        assertThat(create.params().get(0).type()).isEqualTo(new TypeRef.Primitive(TypeRef.Kind.UUID));
        assertThat(model.types()).containsKeys("Machine", "Disk", "Power");
        assertThat(model.events()).containsKey("sample.changed");
        assertThat(model.requireVerb("Sample.add").params().get(1).defaultValue()).isEqualTo(5L);
    }
}
