package io.hostbridge.binding.rest;

import io.hostbridge.jsonrpc.JsonText;
import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.bridge.Bridge;
import io.hostbridge.http.BoundedInputStream;
import io.hostbridge.http.HttpCallers;
import io.hostbridge.jsonrpc.JsonRpc;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import org.glassfish.grizzly.http.server.Request;

/**
 * JSON-RPC 2.0 over HTTP at {@code /api/v1/jsonrpc}: one request or a batch per POST. Protocol errors are
 * JSON-RPC responses with status 200, as JSON-RPC over HTTP clients expect; a body over the size cap is
 * refused with 413 and a JSON-RPC error (code 5004); a POST holding only notifications gets 204.
 */
@Path("jsonrpc")
@Singleton
@Produces(MediaType.APPLICATION_JSON)
public final class JsonRpcResource {
    private final JsonRpc rpc;
    private final RestSettings settings;

    @Inject
    public JsonRpcResource(Bridge bridge, RestSettings settings) {
        this.rpc = new JsonRpc(bridge);
        this.settings = settings;
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public Response call(InputStream body, @Context Request request) {
        Object document;
        try (InputStream in = new BoundedInputStream(body, settings.maxRequestBytes())) {
            document = JsonText.MAPPER.readValue(in, Object.class);
        } catch (BoundedInputStream.TooLargeException e) {
            return Response.status(413).entity(JsonRpc.refusal(null,
                    BridgeException.of(ErrorCode.REQUEST_TOO_LARGE, e.getMessage()))).build();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Response.ok(JsonRpc.parseError(JsonText.describe(e))).build();
        } catch (IOException e) {
            return Response.ok(JsonRpc.parseError("could not read the request body")).build();
        }
        Object response = rpc.handle(document, HttpCallers.of(request, "jsonrpc"));
        return response == null ? Response.noContent().build() : Response.ok(response).build();
    }
}
