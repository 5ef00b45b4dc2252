package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OpenAPI document: served by the agent, the same as the committed docs/openapi.json, accepted by an independent
 * parser (swagger-parser), true to the routes the agent serves, and true to what the agent answers (real responses
 * checked against its schemas by Python's jsonschema).
 */
class OpenApiTest {
    @RegisterExtension
    static final AgentExtension agent = new AgentExtension();
    private static final Path COMMITTED = Path.of(System.getProperty("hostbridge.repo"), "docs/openapi.json");
    private static String served;
    private static JsonNode document;

    @BeforeAll
    static void fetch() throws Exception {
        Http.Reply reply = Http.get(agent.uri("/api/v1/openapi.json"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        served = reply.body();
        document = reply.json();
    }

    @Test
    void theServedDocumentIsTheCommittedOne() throws Exception {
        assertThat(document).isEqualTo(Http.JSON.readTree(Files.readString(COMMITTED)));
        assertThat(document.get("openapi").asText()).isEqualTo("3.1.0");
    }

    @Test
    void anIndependentParserAcceptsItWithoutMessages() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(served, null, options);
        assertThat(result.getMessages()).as("swagger-parser's messages").isEmpty();
        OpenAPI api = result.getOpenAPI();
        assertThat(api.getOpenapi()).isEqualTo("3.1.0");
        assertThat(api.getComponents().getSecuritySchemes().get("clientCertificate").getType())
                .isEqualTo(SecurityScheme.Type.MUTUALTLS);
        PathItem vm = api.getPaths().get("/vms/{vmID}");
        assertThat(vm.getGet().getOperationId()).isEqualTo("VM_getInfo");
        assertThat(vm.getDelete().getOperationId()).isEqualTo("VM_destroy");
        assertThat(vm.getGet().getResponses().get("200").getContent().get("application/json").getSchema().get$ref())
                .isEqualTo("#/components/schemas/VmInfo");
        assertThat(api.getComponents().getSchemas()).containsKeys("VmInfo", "VmParams", "HostCapabilities", "Problem");
    }

    /** Every verb of the schema has its rpc operation; every verb with a REST mapping, its resource. */
    @Test
    void everyVerbIsInTheDocument() throws Exception {
        Iterator<Map.Entry<String, JsonNode>> verbs = schema().get("verbs").fields();
        int resources = 0;
        while (verbs.hasNext()) {
            Map.Entry<String, JsonNode> verb = verbs.next();
            JsonNode rpc = document.at("/paths/" + pointer("/rpc/" + verb.getKey()) + "/post");
            assertThat(rpc.path("x-hostbridge-verb").asText()).as(verb.getKey()).isEqualTo(verb.getKey());
            assertThat(rpc.path("x-hostbridge-access").asText()).isEqualTo(verb.getValue().get("access").asText());
            JsonNode rest = verb.getValue().get("rest");
            if (rest != null) {
                JsonNode op = document.at("/paths/" + pointer(rest.get("path").asText()) + "/"
                        + rest.get("method").asText().toLowerCase(java.util.Locale.ROOT));
                assertThat(op.path("x-hostbridge-verb").asText()).as(rest.toString()).isEqualTo(verb.getKey());
                resources++;
            }
        }
        assertThat(resources).as("verbs with resources").isGreaterThan(40);
    }

    /** The REST guide's table of resources is the declarations' (the schema's {@code rest} of every verb). */
    @Test
    void theRestGuideListsEveryResource() throws Exception {
        java.util.Set<String> declared = new java.util.TreeSet<>();
        schema().get("verbs").fields().forEachRemaining(verb -> {
            JsonNode rest = verb.getValue().get("rest");
            if (rest != null) {
                declared.add(rest.get("method").asText() + " " + rest.get("path").asText() + " " + verb.getKey());
            }
        });
        java.util.Set<String> documented = new java.util.TreeSet<>();
        java.util.regex.Matcher row = java.util.regex.Pattern.compile("(?m)^\\| `([A-Z]+ /[^`]*)` \\| `([A-Za-z_.]+)` \\|$")
                .matcher(Files.readString(Path.of(System.getProperty("hostbridge.repo"), "docs/rest.md")));
        while (row.find()) {
            documented.add(row.group(1) + " " + row.group(2));
        }
        assertThat(documented).isEqualTo(declared);
    }

    private static JsonNode schema() throws Exception {
        return Http.get(agent.uri("/api/v1/schema")).json();
    }

    /** Each documented resource's method is served at its path (OPTIONS lists it), with sample ids in the path. */
    @Test
    void everyDocumentedRouteIsServed() throws Exception {
        Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields();
        int checked = 0;
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (path.getKey().startsWith("/rpc/") || path.getKey().startsWith("/streams/")) {
                continue;
            }
            String concrete = path.getKey().replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
            List<String> allowed = allowed(concrete);
            Iterator<String> methods = path.getValue().fieldNames();
            while (methods.hasNext()) {
                String method = methods.next().toUpperCase(java.util.Locale.ROOT);
                assertThat(allowed).as(method + " " + path.getKey()).contains(method);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(40);
    }

    private static List<String> allowed(String path) throws Exception {
        java.net.http.HttpResponse<Void> r = Http.CLIENT.send(HttpRequest.newBuilder(agent.uri("/api/v1" + path))
                .timeout(Duration.ofSeconds(10)).method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        assertThat(r.statusCode()).as("OPTIONS " + path).isEqualTo(200);
        return List.of(r.headers().firstValue("Allow").orElse("").split(","));
    }

    /** What the agent answers matches the document's schema for that answer (Python's jsonschema checks it). */
    @Test
    void realResponsesMatchTheirSchemas() throws Exception {
        String vm = UUID.randomUUID().toString();
        Http.Reply created = Http.post(agent.uri("/api/v1/vms"), "{\"vmID\":\"" + vm + "\",\"vmParams\":{\"vmName\":"
                + "\"openapi\",\"memSize\":256}}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        Poll.until(Duration.ofSeconds(30), "VM Up", () ->
                "Up".equals(Http.get(agent.uri("/api/v1/vms/" + vm)).json().get("status").asText()) ? true : null);

        ArrayNode responses = Http.JSON.createArrayNode();
        List<String[]> gets = new ArrayList<>(List.of(
                new String[] {"/host/capabilities", "/host/capabilities"},
                new String[] {"/host/stats", "/host/stats"},
                new String[] {"/host/hardware", "/host/hardware"},
                new String[] {"/host/events", "/host/events?limit=5"},
                new String[] {"/health", "/health"},
                new String[] {"/vms", "/vms"},
                new String[] {"/vms/stats", "/vms/stats"},
                new String[] {"/vms/{vmID}", "/vms/" + vm},
                new String[] {"/vms/{vmID}/stats", "/vms/" + vm + "/stats"},
                new String[] {"/vms/{vmID}/migration", "/vms/" + vm + "/migration"},
                new String[] {"/jobs", "/jobs"},
                new String[] {"/tasks", "/tasks"},
                new String[] {"/storage-domains", "/storage-domains"},
                // answers with problems: a VM that is not there, an id that is not one
                new String[] {"/vms/{vmID}", "/vms/" + UUID.randomUUID()},
                new String[] {"/storage-domains/{storagedomainID}", "/storage-domains/nope"}));
        for (String[] get : gets) {
            Http.Reply reply = Http.get(agent.uri("/api/v1" + get[1]));
            responses.add(response(get[0], "get", reply));
        }
        responses.add(response("/rpc/VM.getInfo", "post", Http.post(agent.uri("/api/v1/rpc/VM.getInfo"),
                "{\"vmID\":\"" + vm + "\"}")));
        responses.add(response("/rpc/Host.ping2", "post", Http.post(agent.uri("/api/v1/rpc/Host.ping2"), "")));
        responses.add(response("/rpc/Host.getCapabilities", "post", Http.post(agent.uri("/api/v1/rpc/Host.getCapabilities"),
                "{\"nonsense\":1}")));
        assertThat(Http.send(HttpRequest.newBuilder(agent.uri("/api/v1/vms/" + vm)).DELETE().build()).status())
                .isEqualTo(204);

        Path input = Files.createTempFile("openapi-responses", ".json");
        try {
            Files.writeString(input, responses.toString());
            Shell.Result r = Shell.sh("/usr/bin/python3 " + script() + " " + COMMITTED + " < " + input, 60);
            assertThat(r.exit()).as(r.out() + r.err()).isZero();
            assertThat(r.out().lines().filter(l -> l.startsWith("ok ")).count()).isEqualTo(responses.size());
            assertThat(r.out()).contains("ok GET /vms/{vmID} 404", "ok GET /storage-domains/{storagedomainID} 400",
                    "ok POST /rpc/Host.getCapabilities 400");
        } finally {
            Files.delete(input);
        }
    }

    private static ObjectNode response(String path, String method, Http.Reply reply) throws Exception {
        ObjectNode r = Http.JSON.createObjectNode().put("path", path).put("method", method)
                .put("status", String.valueOf(reply.status()));
        r.set("body", reply.json());
        return r;
    }

    private static String script() {
        return Path.of(System.getProperty("hostbridge.repo"), "tests/src/test/resources/openapi/check_responses.py")
                .toString();
    }

    /** A path as one JSON pointer segment. */
    private static String pointer(String path) {
        return path.replace("~", "~0").replace("/", "~1");
    }
}
