package io.hostbridge.binding.xmlrpc;

import io.hostbridge.bridge.CallContext;
import java.nio.charset.StandardCharsets;
import org.apache.xmlrpc.common.XmlRpcHttpRequestConfigImpl;

/**
 * One request's configuration. The parser consults this, not the server's, so extensions and serialized
 * exceptions are switched off here as well; it also carries the caller to the {@link Dispatcher}.
 */
final class RequestConfig extends XmlRpcHttpRequestConfigImpl {
    private final CallContext context;

    RequestConfig(CallContext context) {
        this.context = context;
        setEnabledForExtensions(false);
        setEnabledForExceptions(false);
        setEncoding(StandardCharsets.UTF_8.name());
    }

    CallContext context() {
        return context;
    }
}
