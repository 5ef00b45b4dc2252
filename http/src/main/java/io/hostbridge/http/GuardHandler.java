package io.hostbridge.http;

import org.glassfish.grizzly.http.server.HttpHandler;

/** A check in front of a route: it answers a request it refuses itself, and hands every other one to the route. */
abstract class GuardHandler extends HttpHandler {
    protected final HttpHandler delegate;

    GuardHandler(HttpHandler delegate) {
        super(delegate.getName());
        this.delegate = delegate;
    }

    @Override
    public void start() {
        delegate.start();
    }

    @Override
    public void destroy() {
        delegate.destroy();
    }
}
