package io.hostbridge.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiType;
import io.hostbridge.api.annotation.ApiVerb;
import io.hostbridge.api.annotation.RestMapping;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.bridge.model.RestRoute;
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

    /** Not public: the bridge could not make it (its constructor and accessors are adapted only on first use). */
    @ApiType(description = "x")
    record Hidden(@ApiField(description = "n") long n) {
    }

    @ApiNamespace(value = "Bad", description = "x")
    interface HiddenType {
        @ApiVerb(description = "x", access = AccessLevel.READ, since = "0.1")
        Hidden verb();
    }

    @ApiNamespace(value = "Rest", description = "x")
    interface UnknownPathParameter {
        @RestMapping(method = RestMapping.Method.GET, path = "/things/{thingID}")
        @ApiVerb(description = "x", access = AccessLevel.READ, since = "0.1")
        void verb(@ApiParam(value = "id", description = "x") java.util.UUID id);
    }

    @ApiNamespace(value = "Rest", description = "x")
    interface OptionalPathParameter {
        @RestMapping(method = RestMapping.Method.GET, path = "/things/{id}")
        @ApiVerb(description = "x", access = AccessLevel.READ, since = "0.1")
        void verb(@ApiParam(value = "id", description = "x", optional = true) java.util.UUID id);
    }

    @ApiNamespace(value = "Rest", description = "x")
    interface ObjectInQuery {
        @RestMapping(method = RestMapping.Method.DELETE, path = "/things")
        @ApiVerb(description = "x", access = AccessLevel.WRITE, since = "0.1")
        void verb(@ApiParam(value = "m", description = "x") SampleApi.Machine m);
    }

    @ApiNamespace(value = "Rest", description = "x")
    interface WriteVerbOnGet {
        @RestMapping(method = RestMapping.Method.GET, path = "/things")
        @ApiVerb(description = "x", access = AccessLevel.WRITE, since = "0.1")
        void verb();
    }

    @ApiNamespace(value = "Rest", description = "x")
    interface TwoVerbsOneResource {
        @RestMapping(method = RestMapping.Method.GET, path = "/things/{a}")
        @ApiVerb(description = "x", access = AccessLevel.READ, since = "0.1")
        void one(@ApiParam(value = "a", description = "x") String a);

        @RestMapping(method = RestMapping.Method.GET, path = "/things/{b}")
        @ApiVerb(description = "x", access = AccessLevel.READ, since = "0.1")
        void two(@ApiParam(value = "b", description = "x") String b);
    }

    @ApiNamespace(value = "Rest", description = "x")
    interface BindingsOwnPath {
        @RestMapping(method = RestMapping.Method.POST, path = "/rpc/things")
        @ApiVerb(description = "x", access = AccessLevel.WRITE, since = "0.1")
        void verb();
    }

    @ApiNamespace(value = "Rest", description = "x")
    interface BadSegment {
        @RestMapping(method = RestMapping.Method.POST, path = "/Things/../x")
        @ApiVerb(description = "x", access = AccessLevel.WRITE, since = "0.1")
        void verb();
    }

    @ApiNamespace(value = "Rest", description = "x")
    interface Resources {
        @RestMapping(method = RestMapping.Method.GET, path = "/things/{id}/parts")
        @ApiVerb(description = "x", access = AccessLevel.READ, since = "0.1")
        void parts(@ApiParam(value = "id", description = "x") java.util.UUID id,
                   @ApiParam(value = "names", description = "x", optional = true) List<String> names,
                   @ApiParam(value = "power", description = "x", optional = true) SampleApi.Power power);

        @RestMapping(method = RestMapping.Method.POST, path = "/things/{id}/parts")
        @ApiVerb(description = "x", access = AccessLevel.WRITE, since = "0.1")
        void add(@ApiParam(value = "id", description = "x") java.util.UUID id,
                 @ApiParam(value = "m", description = "x") SampleApi.Machine m);
    }

    @Test
    void refusesRestMappingsThatCannotWork() {
        assertThatThrownBy(() -> ApiModel.read("1", List.of(UnknownPathParameter.class)))
                .hasMessageContaining("Rest.verb").hasMessageContaining("{thingID} names no parameter");
        assertThatThrownBy(() -> ApiModel.read("1", List.of(OptionalPathParameter.class)))
                .hasMessageContaining("{id} must be a required");
        assertThatThrownBy(() -> ApiModel.read("1", List.of(ObjectInQuery.class)))
                .hasMessageContaining("m cannot travel in a query string");
        assertThatThrownBy(() -> ApiModel.read("1", List.of(WriteVerbOnGet.class)))
                .hasMessageContaining("a GET resource cannot be a verb that needs write access");
        assertThatThrownBy(() -> ApiModel.read("1", List.of(TwoVerbsOneResource.class)))
                .hasMessageContaining("Rest.two").hasMessageContaining("is Rest.one's resource already");
        assertThatThrownBy(() -> ApiModel.read("1", List.of(BindingsOwnPath.class)))
                .hasMessageContaining("/rpc belongs to the REST binding");
        assertThatThrownBy(() -> ApiModel.read("1", List.of(BadSegment.class)))
                .hasMessageContaining("segment 'Things'");
    }

    @Test
    void readsRestMappings() {
        ApiModel model = ApiModel.read("1", List.of(Resources.class, SampleApi.class));
        RestRoute parts = model.requireVerb("Rest.parts").rest();
        assertThat(parts.httpMethod()).isEqualTo("GET");
        assertThat(parts.pathParams()).containsExactly("id");
        assertThat(parts.queryParams()).containsExactly("names", "power");
        assertThat(parts.bodyParams()).isEmpty();
        RestRoute add = model.requireVerb("Rest.add").rest();
        assertThat(add.pathParams()).containsExactly("id");
        assertThat(add.bodyParams()).containsExactly("m");
        assertThat(model.requireVerb("Sample.add").rest()).isNull();
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
        assertThatThrownBy(() -> ApiModel.read("1", List.of(HiddenType.class)))
                .as("refused when the model is read, not at the first call").hasMessageContaining("Hidden")
                .hasMessageContaining("must be public");
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
