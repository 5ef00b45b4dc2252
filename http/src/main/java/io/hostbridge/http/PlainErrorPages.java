package io.hostbridge.http;

import org.glassfish.grizzly.http.server.ErrorPageGenerator;
import org.glassfish.grizzly.http.server.Request;

/** Grizzly's own error pages are HTML with server details; answer one line of text instead. */
final class PlainErrorPages implements ErrorPageGenerator {
    @Override
    public String generate(Request request, int status, String reasonPhrase, String description, Throwable exception) {
        return status + " " + reasonPhrase + "\n";
    }
}
