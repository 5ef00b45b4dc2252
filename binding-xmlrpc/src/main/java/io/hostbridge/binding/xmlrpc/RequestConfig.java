package io.hostbridge.binding.xmlrpc;

import io.hostbridge.bridge.Transport;
import java.nio.charset.StandardCharsets;
import org.apache.xmlrpc.common.XmlRpcHttpRequestConfigImpl;

/**
 * One request's configuration. The parser consults this, not the server's, so extensions and serialized
 * exceptions are switched off here as well; it also carries how the call came in to the {@link Dispatcher}.
 */
final class RequestConfig extends XmlRpcHttpRequestConfigImpl {
    private final Transport transport;

    RequestConfig(Transport transport) {
        this.transport = transport;
        setEnabledForExtensions(false);
        setEnabledForExceptions(false);
        setEncoding(StandardCharsets.UTF_8.name());
    }

    Transport transport() {
        return transport;
    }
}
