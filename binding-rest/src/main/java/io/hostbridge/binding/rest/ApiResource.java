package io.hostbridge.binding.rest;

import io.hostbridge.bridge.Bridge;
import io.hostbridge.http.HttpCallers;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Map;
import org.glassfish.grizzly.http.server.Request;

/**
 * The REST surface: every verb generically under {@code rpc/{verb}}, plus readable shortcuts. Each method
 * only decodes, calls the bridge and returns the result.
 */
@Path("/")
@Singleton
@Produces(MediaType.APPLICATION_JSON)
public final class ApiResource {
    private final Bridge bridge;
    private final RestSettings settings;

    @Inject
    public ApiResource(Bridge bridge, RestSettings settings) {
        this.bridge = bridge;
        this.settings = settings;
    }

    @POST
    @Path("rpc/{verb}")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public Object call(@PathParam("verb") String verb, InputStream body, @Context Request request)
            throws com.fasterxml.jackson.core.JsonProcessingException {
        Map<String, Object> params = Json.readParams(body, settings.maxRequestBytes());
        Object result = bridge.invoke(verb, params, HttpCallers.of(request, "rest"));
        // a verb without result answers 'true', as JSON-RPC does, so the body is always JSON; a string result
        // (a job id) is quoted here, because Jersey's own writer would send a String as bare text
        if (result instanceof String text) {
            return Response.ok(Json.MAPPER.writeValueAsString(text), MediaType.APPLICATION_JSON_TYPE).build();
        }
        return result == null ? Boolean.TRUE : result;
    }

    @GET
    @Path("host/capabilities")
    public Object capabilities(@Context Request request) {
        return bridge.invoke("Host.getCapabilities", Map.of(), HttpCallers.of(request, "rest"));
    }

    @GET
    @Path("host/stats")
    public Object stats(@Context Request request) {
        return bridge.invoke("Host.getStats", Map.of(), HttpCallers.of(request, "rest"));
    }

    @GET
    @Path("host/hardware")
    public Object hardware(@Context Request request) {
        return bridge.invoke("Host.getHardwareInfo", Map.of(), HttpCallers.of(request, "rest"));
    }

    @GET
    @Path("schema")
    public Object schema() {
        return bridge.schema();
    }

    /** 200 when every health check passes, 503 otherwise; the body says which failed. */
    @GET
    @Path("health")
    public Response health(@Context Request request) {
        Object report = bridge.invoke("Host.getHealth", Map.of(), HttpCallers.of(request, "rest"));
        boolean healthy = Boolean.TRUE.equals(((Map<?, ?>) report).get("healthy"));
        return Response.status(healthy ? 200 : 503).entity(report).type(MediaType.APPLICATION_JSON).build();
    }
}
