package io.hostbridge.binding.rest;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.bridge.Bridge;
import io.hostbridge.bridge.Metrics;
import io.hostbridge.http.HttpCallers;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.glassfish.grizzly.http.server.Request;

/**
 * The REST surface's documents: the OpenAPI description, the schema, the metrics and the health report (every verb
 * generically under {@code rpc/{verb}} and JSON-RPC are {@link CallRoutes}; the verbs' own resources come from their
 * declarations: {@link VerbResources}). Each method only calls the bridge (whose pipeline logs, measures and checks
 * every call) and returns the result.
 */
@Path("/")
@Singleton
@Produces(MediaType.APPLICATION_JSON)
public final class ApiResource {
    private final Bridge bridge;
    private final Metrics metrics;
    private volatile Map<String, Object> openApi;

    @Inject
    public ApiResource(Bridge bridge, Metrics metrics) {
        this.bridge = bridge;
        this.metrics = metrics;
    }

    /** This binding as an OpenAPI 3.1 document, made once, on first request. */
    @GET
    @Path("openapi.json")
    public Object openApi(@Context Request request) {
        return bridge.run(HttpCallers.of(request, "rest"), "openapi", AccessLevel.READ, () -> {
            Map<String, Object> document = openApi;
            if (document == null) {
                document = OpenApi.write(bridge.api());
                openApi = document;
            }
            return document;
        });
    }

    @GET
    @Path("schema")
    public Object schema(@Context Request request) {
        return bridge.run(HttpCallers.of(request, "rest"), "schema", AccessLevel.READ, bridge::schema);
    }

    /** Every meter in Prometheus' text format. */
    @GET
    @Path("metrics")
    @Produces(Metrics.CONTENT_TYPE)
    public Response metrics(@Context Request request) {
        String text = bridge.run(HttpCallers.of(request, "rest"), "metrics", AccessLevel.READ, metrics::scrape);
        return Response.ok(text, Metrics.CONTENT_TYPE).build();
    }

    /** 200 when every health check passes, 503 otherwise; the body says which failed. */
    @GET
    @Path("health")
    public Response health(@Context Request request) {
        Object report = bridge.call(HttpCallers.of(request, "rest"), "Host.getHealth", Map.of());
        boolean healthy = Boolean.TRUE.equals(((Map<?, ?>) report).get("healthy"));
        return Response.status(healthy ? 200 : 503).entity(report).type(MediaType.APPLICATION_JSON).build();
    }
}
