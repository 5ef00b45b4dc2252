package io.hostbridge.api.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Optional REST resource of a verb, beside the generic {@code POST /api/v1/rpc/{verb}} every verb has: an HTTP
 * method and a path under {@code /api/v1}. Path segments in braces name the verb's parameters
 * ({@code /vms/{vmID}}); the other parameters come from the query string (scalars and lists of scalars) or, for
 * {@code POST}, {@code PUT} and {@code PATCH}, from a JSON object of named parameters in the body. A
 * {@code GET} resource must be a read-only verb.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RestMapping {
    /** The HTTP method. */
    Method method();

    /** Path under {@code /api/v1}, starting with '/': lower-case literal segments and {@code {param}} segments. */
    String path();

    /** HTTP methods a resource may use. */
    enum Method {
        GET, POST, PUT, PATCH, DELETE;

        /** True when the request may carry a body of named parameters. */
        public boolean hasBody() {
            return this == POST || this == PUT || this == PATCH;
        }
    }
}
