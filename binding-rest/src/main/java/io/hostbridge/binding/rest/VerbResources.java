package io.hostbridge.binding.rest;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.Printable;
import io.hostbridge.bridge.Bridge;
import io.hostbridge.bridge.model.ParamDef;
import io.hostbridge.bridge.model.RestRoute;
import io.hostbridge.bridge.model.TypeRef;
import io.hostbridge.bridge.model.VerbDef;
import io.hostbridge.http.HttpCallers;
import io.hostbridge.jsonrpc.JsonText;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.jersey.server.model.Resource;

/**
 * The REST resources the verbs declare ({@code @RestMapping}), made from the API model: no per-verb code. Each
 * resource gathers the verb's parameters from its path, its query string or its body, and calls the bridge, whose
 * pipeline decodes and checks them as for every other binding.
 */
final class VerbResources {
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,40}");
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]{1,40}(\\.[0-9]{1,40})?([eE][-+]?[0-9]{1,4})?");
    private static final Method HANDLE;

    static {
        try {
            HANDLE = Handler.class.getMethod("handle", ContainerRequestContext.class, Request.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private VerbResources() {
    }

    /** One Jersey resource per declared path, with a method for each verb on it. */
    static List<Resource> of(Bridge bridge, RestSettings settings) {
        Map<String, Resource.Builder> byPath = new TreeMap<>();
        for (VerbDef verb : bridge.api().verbs().values()) {
            RestRoute route = verb.rest();
            if (route == null) {
                continue;
            }
            byPath.computeIfAbsent(route.path(), Resource::builder)
                    .addMethod(route.httpMethod())
                    .produces(MediaType.APPLICATION_JSON_TYPE)
                    .handledBy(new Handler(bridge, verb, settings), HANDLE);
        }
        List<Resource> resources = new ArrayList<>();
        byPath.values().forEach(builder -> resources.add(builder.build()));
        return resources;
    }

    /** Calls one verb from a request to its resource. Public for Jersey, which invokes {@link #handle}. */
    public static final class Handler {
        private final Bridge bridge;
        private final VerbDef verb;
        private final RestSettings settings;

        Handler(Bridge bridge, VerbDef verb, RestSettings settings) {
            this.bridge = bridge;
            this.verb = verb;
            this.settings = settings;
        }

        public Response handle(@Context ContainerRequestContext context, @Context Request request)
                throws com.fasterxml.jackson.core.JsonProcessingException {
            Map<String, Object> params = params(context);
            Object result = bridge.call(HttpCallers.of(request, "rest"), verb.name(), params);
            if (result == null) {
                return Response.noContent().build();
            }
            // a string result (a job id) is quoted here, because Jersey's own writer would send it as bare text
            Object entity = result instanceof String text ? JsonText.MAPPER.writeValueAsString(text) : result;
            return Response.ok(entity, MediaType.APPLICATION_JSON_TYPE).build();
        }

        private Map<String, Object> params(ContainerRequestContext context) {
            RestRoute route = verb.rest();
            Map<String, Object> params = new LinkedHashMap<>();
            MultivaluedMap<String, String> query = context.getUriInfo().getQueryParameters();
            if (route.method().hasBody()) {
                if (!query.isEmpty()) {
                    throw BridgeException.of(ErrorCode.INVALID_PARAMETER, route.httpMethod() + " " + route.path()
                            + " takes its parameters in a JSON body, not in the query string (got '"
                            + Printable.of(query.keySet().iterator().next()) + "')");
                }
                params.putAll(Json.readParams(context.getEntityStream(), settings.maxRequestBytes()));
            } else {
                if (context.hasEntity()) {
                    throw BridgeException.of(ErrorCode.INVALID_PARAMETER, route.httpMethod() + " " + route.path()
                            + " takes its parameters in the query string; it has no body");
                }
                query.forEach((name, values) -> params.put(name, queryValue(name, values)));
            }
            MultivaluedMap<String, String> path = context.getUriInfo().getPathParameters();
            for (String name : route.pathParams()) {
                if (params.containsKey(name)) {
                    throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, name, "'" + name
                            + "' is given in the path; it cannot be given again");
                }
                params.put(name, scalar(verb.param(name).orElseThrow().type(), path.getFirst(name)));
            }
            return params;
        }

        /** A query parameter as its declared type: a list from repeated values, numbers and booleans parsed. */
        private Object queryValue(String name, List<String> values) {
            ParamDef param = verb.param(name).orElse(null);
            if (param == null) {
                return values.get(0); // the pipeline refuses it, naming it
            }
            if (param.type() instanceof TypeRef.ListOf list) {
                List<Object> items = new ArrayList<>(values.size());
                values.forEach(v -> items.add(scalar(list.element(), v)));
                return items;
            }
            if (values.size() > 1) {
                throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, name, "'" + name
                        + "' is given " + values.size() + " times; it takes one value");
            }
            return scalar(param.type(), values.get(0));
        }
    }

    /**
     * Text from a path or query string as the JSON value the type expects; text that is not one is passed on as
     * text, so that the pipeline's error names the parameter and the type it wanted.
     */
    static Object scalar(TypeRef type, String text) {
        if (type instanceof TypeRef.Primitive primitive) {
            switch (primitive.kind()) {
                case BOOLEAN:
                    return "true".equals(text) ? Boolean.TRUE : "false".equals(text) ? Boolean.FALSE : text;
                case INT:
                case LONG:
                    return INTEGER.matcher(text).matches() ? new BigInteger(text) : text;
                case FLOAT:
                    return NUMBER.matcher(text).matches() ? Double.valueOf(text) : text;
                default:
                    return text;
            }
        }
        return text;
    }
}
