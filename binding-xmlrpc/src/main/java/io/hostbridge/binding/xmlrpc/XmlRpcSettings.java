package io.hostbridge.binding.xmlrpc;

/**
 * Settings of the XML-RPC binding.
 *
 * @param maxRequestBytes largest request body; the listener refuses larger ones, and the parser reads no more
 */
public record XmlRpcSettings(long maxRequestBytes) {
    public XmlRpcSettings {
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("maxRequestBytes must be at least 1024, got " + maxRequestBytes);
        }
    }
}
