package io.hostbridge.binding.rest;

import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.bridge.Metrics;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.bridge.model.Constraints;
import io.hostbridge.bridge.model.FieldDef;
import io.hostbridge.bridge.model.ParamDef;
import io.hostbridge.bridge.model.RestRoute;
import io.hostbridge.bridge.model.TypeDef;
import io.hostbridge.bridge.model.TypeRef;
import io.hostbridge.bridge.model.VerbDef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The REST binding as an OpenAPI 3.1 document, made from the same API model as the schema and the routes: the
 * verbs' resources, the generic {@code rpc/{verb}} route of every verb (one path each, so that generators give
 * every verb its own typed operation), the binding's own routes, the types as JSON Schema 2020-12, the errors as
 * problem documents, and client certificates as the security scheme. Only ordered maps: the committed copy under
 * {@code docs/} is byte-identical on every JVM.
 */
public final class OpenApi {
    static final String VERSION = "3.1.0";
    private static final String SCHEMAS = "#/components/schemas/";
    private static final String PROBLEM = "Problem";
    /** HTTP statuses every verb may answer: bad or too large a request, denied, failed, unavailable. */
    private static final Set<Integer> EVERY_VERB = Set.of(400, 403, 413, 500, 503);

    private OpenApi() {
    }

    /** The document for the API model. */
    public static Map<String, Object> write(ApiModel api) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", VERSION);
        doc.put("info", info(api));
        doc.put("servers", List.of(map("url", RestModule.CONTEXT_PATH, "description", "The agent's HTTP listener:"
                + " https://HOST:54321 with a client certificate, or its unix socket (/run/hostbridge/api.sock)")));
        doc.put("security", List.of(map("clientCertificate", List.of())));
        doc.put("tags", tags(api));
        Map<String, Object> paths = new TreeMap<>();
        resources(api, paths);
        for (VerbDef verb : api.verbs().values()) {
            paths.put("/rpc/" + verb.name(), map("post", rpcOperation(verb)));
        }
        bindingRoutes(paths);
        doc.put("paths", paths);
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("schemas", schemas(api));
        components.put("responses", problemResponses());
        components.put("securitySchemes", map("clientCertificate", map("type", "mutualTLS", "description",
                "A client certificate issued by the agent's CA (hostbridge cert issue); its access level (read,"
                        + " write, admin) decides what the holder may call. Local callers on the unix socket are"
                        + " identified by the kernel instead (root is admin).")));
        doc.put("components", components);
        return doc;
    }

    private static Map<String, Object> info(ApiModel api) {
        StringBuilder errors = new StringBuilder("Every error is an RFC 9457 problem document (application/problem+json)"
                + " whose `code` is stable. The codes:\n\n| code | name | HTTP status | meaning |\n|---|---|---|---|\n");
        for (ErrorCode e : ErrorCode.values()) {
            errors.append("| ").append(e.code()).append(" | ").append(e.wireName()).append(" | ")
                    .append(Problems.status(e.kind())).append(" | ").append(e.message()).append(" |\n");
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("title", "hostbridge");
        info.put("version", api.version());
        info.put("summary", "Host agent for virtualization hosts: VMs, storage, image transfers, host facts and events");
        info.put("description", "Every verb of the agent is reached by `POST /rpc/{Namespace.verb}` with a JSON"
                + " object of named parameters; the verbs most used from the command line also have resources"
                + " (`GET /vms/{vmID}` and the like). Parameters of a resource come from its path, from its query"
                + " string (GET and DELETE; repeat a list parameter's name for each item) or from a JSON object in"
                + " the body (POST, PUT, PATCH). A verb without a result answers 204 on its resource and `true` on"
                + " its rpc route.\n\n" + errors);
        return info;
    }

    private static List<Object> tags(ApiModel api) {
        Map<String, String> namespaces = new TreeMap<>();
        for (VerbDef verb : api.verbs().values()) {
            ApiNamespace ns = verb.method().getDeclaringClass().getAnnotation(ApiNamespace.class);
            namespaces.putIfAbsent(verb.namespace(), ns.description());
        }
        List<Object> tags = new ArrayList<>();
        namespaces.forEach((name, description) -> tags.add(map("name", name, "description", description)));
        tags.add(map("name", "agent", "description", "The REST binding's own routes: schema, events, streams,"
                + " health, metrics"));
        return tags;
    }

    private static void resources(ApiModel api, Map<String, Object> paths) {
        for (VerbDef verb : api.verbs().values()) {
            RestRoute route = verb.rest();
            if (route == null) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(route.path(), p -> new TreeMap<>());
            Map<String, Object> op = operation(verb, verb.namespace() + "_" + verb.method().getName());
            List<Object> parameters = new ArrayList<>();
            for (String name : route.pathParams()) {
                parameters.add(parameter(verb.param(name).orElseThrow(), "path"));
            }
            for (String name : route.queryParams()) {
                parameters.add(parameter(verb.param(name).orElseThrow(), "query"));
            }
            if (!parameters.isEmpty()) {
                op.put("parameters", parameters);
            }
            if (route.method().hasBody()) {
                List<ParamDef> body = route.bodyParams().stream().map(name -> verb.param(name).orElseThrow()).toList();
                op.put("requestBody", requestBody(body));
            }
            Map<String, Object> responses = new LinkedHashMap<>();
            if (verb.result() == null) {
                responses.put("204", map("description", "Done; no result"));
            } else {
                responses.put("200", json("The result", schema(verb.result())));
            }
            errorResponses(verb, responses);
            op.put("responses", responses);
            item.put(route.httpMethod().toLowerCase(Locale.ROOT), op);
        }
    }

    private static Map<String, Object> rpcOperation(VerbDef verb) {
        Map<String, Object> op = operation(verb, "rpc_" + verb.namespace() + "_" + verb.method().getName());
        op.put("requestBody", requestBody(verb.params()));
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put("200", json("The result", verb.result() == null
                ? map("const", true, "description", "The verb has no result") : schema(verb.result())));
        errorResponses(verb, responses);
        op.put("responses", responses);
        return op;
    }

    private static Map<String, Object> operation(VerbDef verb, String operationId) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("operationId", operationId);
        op.put("tags", List.of(verb.namespace()));
        op.put("summary", verb.name());
        StringBuilder description = new StringBuilder(verb.description()).append(".\n\nAccess: ")
                .append(verb.access().wireName()).append(". Since ").append(verb.since()).append('.');
        if (verb.stream() != io.hostbridge.api.stream.StreamMode.NONE) {
            description.append(" Opens a data stream (").append(verb.stream().wireName())
                    .append("): attach to it with GET /streams/{streamId} upgraded to a WebSocket.");
        }
        if (!verb.errors().isEmpty()) {
            description.append(" Errors of its own:");
            verb.errors().forEach(e -> description.append(' ').append(e.code()).append(" (").append(e.wireName())
                    .append(')'));
            description.append('.');
        }
        op.put("description", description.toString());
        if (verb.deprecated()) {
            op.put("deprecated", true);
        }
        op.put("x-hostbridge-verb", verb.name());
        op.put("x-hostbridge-access", verb.access().wireName());
        return op;
    }

    private static Map<String, Object> parameter(ParamDef param, String in) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", param.name());
        p.put("in", in);
        p.put("description", param.description());
        p.put("required", param.required() || "path".equals(in));
        p.put("schema", paramSchema(param));
        if (param.type() instanceof TypeRef.ListOf) {
            p.put("style", "form");
            p.put("explode", true);
        }
        return p;
    }

    private static Map<String, Object> requestBody(List<ParamDef> params) {
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (ParamDef p : params) {
            properties.put(p.name(), paramSchema(p));
            if (p.required()) {
                required.add(p.name());
            }
        }
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("type", "object");
        object.put("properties", properties);
        if (!required.isEmpty()) {
            object.put("required", required);
        }
        object.put("additionalProperties", false);
        Map<String, Object> body = json("Named parameters", object);
        body.put("required", !required.isEmpty());
        return body;
    }

    private static Map<String, Object> paramSchema(ParamDef p) {
        Map<String, Object> s = constrained(p.type(), p.constraints());
        if (p.defaultValue() != null) {
            s.put("default", p.defaultValue());
        }
        s.put("description", p.description());
        return s;
    }

    private static void errorResponses(VerbDef verb, Map<String, Object> responses) {
        Set<Integer> statuses = new TreeSet<>(EVERY_VERB);
        verb.errors().forEach(e -> statuses.add(Problems.status(e.kind())));
        statuses.forEach(status -> responses.put(String.valueOf(status), map("$ref", "#/components/responses/"
                + PROBLEM + status)));
    }

    private static Map<String, Object> problemResponses() {
        Map<Integer, String> statuses = new TreeMap<>();
        for (ErrorCode.Kind kind : ErrorCode.Kind.values()) {
            statuses.putIfAbsent(Problems.status(kind), kind.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
        Map<String, Object> responses = new LinkedHashMap<>();
        statuses.forEach((status, kind) -> {
            StringBuilder codes = new StringBuilder();
            for (ErrorCode e : ErrorCode.values()) {
                if (Problems.status(e.kind()) == status) {
                    codes.append(codes.length() == 0 ? "" : ", ").append(e.code()).append(' ').append(e.wireName());
                }
            }
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("description", "The call failed (" + kind + "); codes: " + codes);
            if (status == 503) {
                response.put("headers", map("Retry-After", map("description", "Seconds to wait before trying again",
                        "schema", map("type", "integer"))));
            }
            response.put("content", map(Problems.MEDIA_TYPE, map("schema", map("$ref", SCHEMAS + PROBLEM))));
            responses.put(PROBLEM + status, response);
        });
        return responses;
    }

    /** The binding's routes that are not verbs: the JSON-RPC endpoint, events, streams, schema, health, metrics. */
    private static void bindingRoutes(Map<String, Object> paths) {
        Map<String, Object> jsonRpc = agentOperation("jsonrpc", "JSON-RPC 2.0: a request object or a batch (array);"
                + " method is a verb's name, params its named (object) or positional (array) parameters");
        jsonRpc.put("requestBody", json("A JSON-RPC 2.0 request or batch", map("oneOf", List.of(
                map("type", "object"), map("type", "array", "items", map("type", "object"))))));
        jsonRpc.put("responses", responses(json("The response or the batch's responses", map("oneOf", List.of(
                map("type", "object"), map("type", "array", "items", map("type", "object")))))));
        paths.put("/jsonrpc", map("post", jsonRpc));

        Map<String, Object> events = agentOperation("events", "Server-Sent Events: each event's `event` is its"
                + " topic, its `id` the sequence number (send it back as Last-Event-ID to resume), its `data` the"
                + " event envelope as JSON");
        events.put("parameters", List.of(
                map("name", "topics", "in", "query", "required", false, "description", "Comma-separated topic"
                        + " patterns ('*' one segment, '#' any number); every topic when absent",
                        "schema", map("type", "string", "maxLength", 1024)),
                map("name", "Last-Event-ID", "in", "header", "required", false, "description", "Resume after this"
                        + " sequence number", "schema", map("type", "string"))));
        events.put("responses", responses(map("description", "The event stream", "content",
                map("text/event-stream", map("schema", map("type", "string"))))));
        paths.put("/events", map("get", events));

        Map<String, Object> streams = agentOperation("streams", "A data stream opened by a stream verb: upgrade this"
                + " request to a WebSocket (binary frames are data, text frames JSON status packets)");
        streams.put("parameters", List.of(map("name", "streamId", "in", "path", "required", true, "description",
                "The streamId the stream verb returned", "schema", map("type", "string", "maxLength", 64))));
        streams.put("responses", responses(map("description", "Switching to the WebSocket protocol"), "101"));
        paths.put("/streams/{streamId}", map("get", streams));

        paths.put("/schema", map("get", documentOperation("schema", "The API's machine-readable schema: verbs,"
                + " types, events and errors")));
        paths.put("/openapi.json", map("get", documentOperation("openapi", "This OpenAPI document")));

        Map<String, Object> health = agentOperation("health", "200 when every health check passes, 503 otherwise;"
                + " the body says which failed");
        Map<String, Object> healthResponses = new LinkedHashMap<>();
        healthResponses.put("200", json("Healthy", map("$ref", SCHEMAS + "HealthReport")));
        healthResponses.put("503", json("Unhealthy", map("$ref", SCHEMAS + "HealthReport")));
        health.put("responses", healthResponses);
        paths.put("/health", map("get", health));

        Map<String, Object> metrics = agentOperation("metrics", "Every meter in Prometheus' text format");
        metrics.put("responses", responses(map("description", "The meters", "content",
                map(Metrics.CONTENT_TYPE, map("schema", map("type", "string"))))));
        paths.put("/metrics", map("get", metrics));
    }

    private static Map<String, Object> documentOperation(String id, String description) {
        Map<String, Object> op = agentOperation(id, description);
        op.put("responses", responses(json("The document", map("type", "object"))));
        return op;
    }

    private static Map<String, Object> agentOperation(String id, String description) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("operationId", "agent_" + id);
        op.put("tags", List.of("agent"));
        op.put("description", description);
        return op;
    }

    private static Map<String, Object> responses(Map<String, Object> success) {
        return responses(success, "200");
    }

    private static Map<String, Object> responses(Map<String, Object> success, String status) {
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put(status, success);
        responses.put("default", map("description", "The request failed", "content", map(Problems.MEDIA_TYPE,
                map("schema", map("$ref", SCHEMAS + PROBLEM)))));
        return responses;
    }

    private static Map<String, Object> json(String description, Object schema) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("description", description);
        response.put("content", map("application/json", map("schema", schema)));
        return response;
    }

    private static Map<String, Object> schemas(ApiModel api) {
        Map<String, Object> schemas = new LinkedHashMap<>();
        for (TypeDef type : api.types().values()) {
            schemas.put(type.name(), typeSchema(type));
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "object");
        problem.put("description", "An RFC 9457 problem document");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("type", map("type", "string", "description", "urn:hostbridge:error:{name}"));
        properties.put("title", map("type", "string", "description", "What the code means"));
        properties.put("status", map("type", "integer", "description", "The HTTP status"));
        List<Object> codes = new ArrayList<>();
        for (ErrorCode e : ErrorCode.values()) {
            codes.add(e.code());
        }
        properties.put("code", map("type", "integer", "enum", codes, "description", "The stable error code"));
        properties.put("detail", map("type", "string", "description", "What went wrong, for a person"));
        properties.put("parameter", map("type", "string", "description", "The parameter that is wrong, if one is"));
        properties.put("errorId", map("type", "string", "description", "Id of the agent's log entry with the"
                + " details of an unexpected failure"));
        problem.put("properties", properties);
        problem.put("required", List.of("type", "title", "status", "code", "detail"));
        schemas.put(PROBLEM, problem);
        return schemas;
    }

    private static Map<String, Object> typeSchema(TypeDef type) {
        Map<String, Object> s = new LinkedHashMap<>();
        if (type instanceof TypeDef.EnumType e) {
            s.put("type", "string");
            s.put("enum", e.values());
            s.put("description", type.description());
            return s;
        }
        s.put("type", "object");
        s.put("description", type.description());
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (FieldDef f : ((TypeDef.ObjectType) type).fields()) {
            Map<String, Object> field = constrained(f.type(), f.constraints());
            field.put("description", f.unit().isEmpty() ? f.description() : f.description() + " (" + f.unit() + ")");
            properties.put(f.name(), field);
            if (!f.optional()) {
                required.add(f.name());
            }
        }
        s.put("properties", properties);
        if (!required.isEmpty()) {
            s.put("required", required);
        }
        return s;
    }

    /** The JSON Schema of a type with the declared limits. */
    private static Map<String, Object> constrained(TypeRef type, Constraints c) {
        Map<String, Object> s = schema(type);
        if (type instanceof TypeRef.ListOf) {
            if (c.hasMaxItems()) {
                s.put("maxItems", c.maxItems());
            }
            limitString(asMap(s.get("items")), c);
        } else if (type instanceof TypeRef.MapOf) {
            if (c.hasMaxItems()) {
                s.put("maxProperties", c.maxItems());
            }
            if (c.hasMaxKeyLength()) {
                s.put("propertyNames", map("maxLength", c.maxKeyLength()));
            }
            limitString(asMap(s.get("additionalProperties")), c);
        } else {
            if (c.hasMin()) {
                s.put("minimum", c.min());
            }
            if (c.hasMax()) {
                s.put("maximum", c.max());
            }
            limitString(s, c);
        }
        return s;
    }

    private static void limitString(Map<String, Object> s, Constraints c) {
        if (c.hasMaxLength() && "string".equals(s.get("type"))) {
            s.put("maxLength", c.maxLength());
        }
    }

    /** The JSON Schema of a type; a fresh, mutable map. */
    static Map<String, Object> schema(TypeRef type) {
        if (type instanceof TypeRef.Primitive p) {
            switch (p.kind()) {
                case BOOLEAN:
                    return map("type", "boolean");
                case INT:
                    return map("type", "integer", "format", "int32");
                case LONG:
                    return map("type", "integer", "format", "int64");
                case FLOAT:
                    return map("type", "number", "format", "double");
                case UUID:
                    return map("type", "string", "format", "uuid");
                case STRING:
                    return map("type", "string");
                default:
                    return new LinkedHashMap<>();
            }
        }
        if (type instanceof TypeRef.ListOf list) {
            return map("type", "array", "items", schema(list.element()));
        }
        if (type instanceof TypeRef.MapOf m) {
            return map("type", "object", "additionalProperties", schema(m.value()));
        }
        return map("$ref", SCHEMAS + ((TypeRef.Named) type).name());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }

    /** An ordered, mutable map of the given keys and values. */
    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
