package io.hostbridge.binding.imageio;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Set;

/**
 * The routes of imageio's data protocol, by path. {@code ticket} is the id from the path ("" when missing,
 * "*" for the server-wide OPTIONS).
 */
record Route(Kind kind, String ticket) {

    enum Kind {
        IMAGE(Set.of(HttpMethod.OPTIONS, HttpMethod.GET, HttpMethod.PUT, HttpMethod.PATCH), "OPTIONS,GET,PUT,PATCH"),
        EXTENTS(Set.of(HttpMethod.GET), "GET"),
        CHECKSUM(Set.of(HttpMethod.GET), "GET"),
        ALGORITHMS(Set.of(HttpMethod.GET), "GET"),
        INFO(Set.of(HttpMethod.GET), "GET"),
        UNKNOWN(Set.of(), "");

        final Set<HttpMethod> methods;
        final String allow;

        Kind(Set<HttpMethod> methods, String allow) {
            this.methods = methods;
            this.allow = allow;
        }
    }

    private static final String IMAGES = "/images/";

    static Route of(String path) {
        if (path.equals("/info/") || path.equals("/info")) {
            return new Route(Kind.INFO, "");
        }
        if (path.equals("/images")) {
            return new Route(Kind.IMAGE, "");
        }
        if (!path.startsWith(IMAGES)) {
            return new Route(Kind.UNKNOWN, "");
        }
        String rest = path.substring(IMAGES.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return new Route(Kind.IMAGE, rest);
        }
        String ticket = rest.substring(0, slash);
        switch (rest.substring(slash)) {
            case "/extents":
                return new Route(Kind.EXTENTS, ticket);
            case "/checksum":
                return new Route(Kind.CHECKSUM, ticket);
            case "/checksum/algorithms":
                return new Route(Kind.ALGORITHMS, ticket);
            default:
                return new Route(Kind.UNKNOWN, ticket);
        }
    }
}
