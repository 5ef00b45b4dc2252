package io.hostbridge.http;

import io.hostbridge.api.Printable;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What keeps a web page from driving the agent through a browser that can reach it: an {@code Origin} not on the
 * allow-list (any page may open a WebSocket or send a request anywhere), or a {@code Host} that does not name the TCP
 * listener (a DNS rebinding page's). Requests through the unix socket may name any host: no browser gets there.
 *
 * @param allowedOrigins browser origins whose requests are served
 * @param hostNames      the names the TCP listener answers to (lower case)
 */
record BrowserRules(List<String> allowedOrigins, Set<String> hostNames) {

    /** Why a request with these headers is refused (403, code 5003), or null to serve it. */
    String refusal(String origin, String host, boolean viaSocket) {
        if (origin != null && !allowedOrigins.contains(origin)) {
            return "Requests from web pages of origin '" + Printable.of(origin) + "' are not served"
                    + " (http.allowedOrigins)";
        }
        if (!viaSocket && !hostNames.contains(hostOf(host))) {
            return "The Host header '" + Printable.of(String.valueOf(host)) + "' does not name this agent";
        }
        return null;
    }

    /** The host part of a Host header, lower case, without the port or IPv6 brackets; "" when absent. */
    static String hostOf(String header) {
        if (header == null) {
            return "";
        }
        String h = header.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(1, end);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }
}
