package io.hostbridge.binding.xmlrpc;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import com.google.inject.multibindings.ProvidesIntoSet;
import io.hostbridge.http.HttpRoute;
import java.util.Set;

/** The legacy XML-RPC binding: mounts {@code /RPC2} on the shared HTTP listener. */
public final class XmlRpcModule extends AbstractModule {
    /** Where XML-RPC lives on the shared listener (VDSM's path, the default of Python's ServerProxy). */
    public static final String CONTEXT_PATH = "/RPC2";

    private final XmlRpcSettings settings;

    public XmlRpcModule(XmlRpcSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(XmlRpcSettings.class).toInstance(settings);
    }

    @ProvidesIntoSet
    @Singleton
    HttpRoute xmlRpcRoute(XmlRpcHttpHandler handler) {
        return new HttpRoute("xmlrpc", CONTEXT_PATH, handler, Set.of("text/xml"),
                (request, response) -> handler.busy(response));
    }
}
