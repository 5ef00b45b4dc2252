package io.hostbridge.bridge.model;

import io.hostbridge.api.annotation.RestMapping;
import java.util.List;

/**
 * A verb's REST resource ({@link RestMapping}), checked against its parameters.
 *
 * @param path        path under {@code /api/v1}, e.g. {@code /vms/{vmID}}
 * @param pathParams  the parameters named by path segments, in path order
 * @param queryParams the parameters taken from the query string (every other one when the method has no body)
 * @param bodyParams  the parameters taken from the body's JSON object (none when the method has no body)
 */
public record RestRoute(RestMapping.Method method, String path, List<String> pathParams, List<String> queryParams,
                        List<String> bodyParams) {
    public RestRoute {
        pathParams = List.copyOf(pathParams);
        queryParams = List.copyOf(queryParams);
        bodyParams = List.copyOf(bodyParams);
    }

    /** The method's wire spelling, e.g. {@code GET}. */
    public String httpMethod() {
        return method.name();
    }
}
