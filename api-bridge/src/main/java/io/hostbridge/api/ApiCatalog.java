package io.hostbridge.api;

import io.hostbridge.api.host.HostApi;
import io.hostbridge.api.model.ApiModel;
import java.util.List;

/** The namespaces that make up the API. A new namespace is added here and implemented in core. */
public final class ApiCatalog {
    /** Version of the API the schema describes. */
    public static final String VERSION = "0.1.0";

    /** Every {@code @ApiNamespace} interface of the API. */
    public static final List<Class<?>> NAMESPACES = List.of(HostApi.class);

    private ApiCatalog() {
    }

    /** Reads the model of the whole API. */
    public static ApiModel model() {
        return ApiModel.read(VERSION, NAMESPACES);
    }
}
