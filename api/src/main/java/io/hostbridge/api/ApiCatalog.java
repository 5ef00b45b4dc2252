package io.hostbridge.api;

/**
 * The API as a whole. Which namespaces it has is not listed here: the bridge reads the {@code @ApiNamespace}
 * interfaces that the agent's modules implement (see {@link io.hostbridge.api.spi.Implementation}).
 */
public final class ApiCatalog {
    /** Version of the API the schema describes. */
    public static final String VERSION = "0.2.0";

    private ApiCatalog() {
    }
}
