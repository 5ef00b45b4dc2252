package io.hostbridge.http;

import java.io.IOException;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.FilterChainEvent;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpEvents;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;

/**
 * Answers requests that ask to switch protocols ({@code Upgrade: h2c}, as the JDK's HttpClient and
 * {@code curl --http2} send) over plain HTTP/1.1, as RFC 9110 allows.
 *
 * <p>Without an upgrade filter Grizzly stops decoding the body of such a request, so a POST hangs until
 * the client times out (glassfish-grizzly issue 2117). This filter sits right after the HTTP codec,
 * receives the codec's upgrade event and declines it: body decoding goes on and the {@code Upgrade}
 * header is dropped. A WebSocket handshake ({@code GET} with {@code Upgrade: websocket}) is let through: it has
 * no body, and {@link WebSocketUpgrades} answers it on the paths of a {@link WebSocketEndpoint} (elsewhere it is
 * served as a plain GET).
 */
final class DeclineUpgrades extends BaseFilter implements AddOn {

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int codec = builder.indexOfType(HttpServerFilter.class);
        if (codec < 0) {
            throw new IllegalStateException("no HTTP codec in the filter chain");
        }
        builder.add(codec + 1, this);
    }

    @Override
    public NextAction handleEvent(FilterChainContext ctx, FilterChainEvent event) throws IOException {
        if (event.type() == HttpEvents.IncomingHttpUpgradeEvent.TYPE) {
            HttpHeader header = ((HttpEvents.IncomingHttpUpgradeEvent) event).getHttpHeader();
            if (header instanceof HttpRequestPacket request && request.getMethod() == Method.GET
                    && "websocket".equalsIgnoreCase(request.getUpgrade())) {
                return ctx.getStopAction();
            }
            header.setIgnoreContentModifiers(false);
            header.getUpgradeDC().recycle();
            return ctx.getStopAction();
        }
        return ctx.getInvokeAction();
    }
}
