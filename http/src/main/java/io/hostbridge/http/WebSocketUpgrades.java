package io.hostbridge.http;

import io.hostbridge.api.Printable;
import io.hostbridge.bridge.DaemonThreads;
import io.hostbridge.bridge.ErrorIds;
import java.io.CharConversionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.util.HttpStatus;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.utils.IdleTimeoutFilter;
import org.glassfish.grizzly.websockets.HandShake;
import org.glassfish.grizzly.websockets.ProtocolHandler;
import org.glassfish.grizzly.websockets.WebSocketApplication;
import org.glassfish.grizzly.websockets.WebSocketEngine;

/**
 * The {@link WebSocketEndpoint}s of one listener: a filter right before Grizzly's HTTP server filter that takes the
 * requests on their paths. An upgrade passes the browser checks, then the endpoint decides, then Grizzly's RFC 6455
 * handshake answers it; the connection is a {@link WebSocketChannel} from then on. Any other request there gets an
 * RFC 9457 problem and the connection is closed.
 *
 * <p>Grizzly's own {@code WebSocketAddOn} is not used: it finds applications in {@code WebSocketEngine}, one static
 * registry for the whole JVM (several agents run in one test JVM, and each listener serves its own endpoints), it
 * buffers a frame whole however large its header says it is, and it runs handlers on the listener's threads.
 */
final class WebSocketUpgrades extends BaseFilter implements AddOn {
    private static final Attribute<WebSocketChannel> CHANNEL =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute("hostbridge.websocket");
    private static final Attribute<Boolean> REFUSED =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute("hostbridge.websocket.refused");
    /** What Grizzly's handshake asks about sub-protocols and extensions: none offered. */
    private static final WebSocketApplication NO_EXTRAS = new WebSocketApplication() {
    };

    private final List<WebSocketEndpoint> endpoints;
    private final BrowserRules rules;
    private final boolean viaSocket;
    private final ExecutorService readers = Executors.newCachedThreadPool(DaemonThreads.named("websocket"));
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("websocket-timer"));

    /** @param viaSocket true on the local listener, which serves the unix socket: no Host check there */
    WebSocketUpgrades(List<WebSocketEndpoint> endpoints, BrowserRules rules, boolean viaSocket) {
        // the longest prefix first, should one endpoint's path lie under another's
        this.endpoints = endpoints.stream().sorted(Comparator.comparing((WebSocketEndpoint e) -> e.path().length())
                .reversed()).toList();
        this.rules = rules;
        this.viaSocket = viaSocket;
        timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int server = builder.indexOfType(HttpServerFilter.class);
        if (server < 0) {
            throw new IllegalStateException("no HTTP server filter in the filter chain");
        }
        builder.add(server, this);
    }

    /** Ends the threads; the listener has closed the connections. */
    void stop() {
        readers.shutdownNow();
        timer.shutdownNow();
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        Connection<?> connection = ctx.getConnection();
        HttpContent content = ctx.getMessage();
        WebSocketChannel channel = CHANNEL.get(connection);
        if (channel != null) {
            return channel.read(ctx, content.getContent());
        }
        if (REFUSED.get(connection) != null) {
            return ctx.getStopAction(); // the rest of a refused request's body: the connection is closing
        }
        HttpRequestPacket request = (HttpRequestPacket) content.getHttpHeader();
        String path;
        try {
            path = request.getRequestURIRef().getDecodedURI();
        } catch (CharConversionException e) {
            return ctx.getInvokeAction(); // HTTP answers it
        }
        for (WebSocketEndpoint endpoint : endpoints) {
            if (path.startsWith(endpoint.path())) {
                return upgrade(ctx, content, request, endpoint, path.substring(endpoint.path().length()));
            }
        }
        return ctx.getInvokeAction();
    }

    private NextAction upgrade(FilterChainContext ctx, HttpContent content, HttpRequestPacket request,
                               WebSocketEndpoint endpoint, String rest) {
        if (request.getMethod() != Method.GET || !"websocket".equalsIgnoreCase(request.getUpgrade())) {
            return refuse(ctx, request, 426, 5005, "malformedRequest", "Malformed request", "This path serves"
                    + " WebSockets only: GET with 'Upgrade: websocket' (RFC 6455)", Map.of("Upgrade", "websocket"));
        }
        String refusal = rules.refusal(request.getHeader("Origin"), request.getHeader("Host"), viaSocket);
        if (refusal != null) {
            return refuse(ctx, request, 403, 5003, "accessDenied", "Access denied", refusal, Map.of());
        }
        ProtocolHandler protocol = WebSocketEngine.loadHandler(request.getHeaders());
        if (protocol == null) {
            return refuse(ctx, request, 426, 5005, "malformedRequest", "Malformed request", "WebSocket version '"
                    + Printable.of(String.valueOf(request.getHeader("Sec-WebSocket-Version"))) + "' is not served;"
                    + " version 13 (RFC 6455) is", Map.of("Sec-WebSocket-Version", "13"));
        }
        HandShake handshake;
        try {
            handshake = protocol.createServerHandShake(content);
        } catch (RuntimeException e) { // Grizzly's check of the headers: a missing key, a bad Host port
            return refuse(ctx, request, 400, 5005, "malformedRequest", "Malformed request",
                    "Not a WebSocket handshake: " + Printable.of(String.valueOf(e.getMessage())), Map.of());
        }
        Connection<?> connection = ctx.getConnection();
        WebSocketChannel channel = new WebSocketChannel(connection, endpoint.limits(), readers, timer);
        WebSocketEndpoint.Answer answer;
        try {
            answer = endpoint.upgrade(new WebSocketUpgrade(request, rest, channel));
        } catch (RuntimeException e) {
            String id = ErrorIds.record("a WebSocket upgrade (" + endpoint.name() + ")", e);
            return refuse(ctx, request, 500, 100, "general", "General exception", "Internal error; its id in the"
                    + " agent's log: " + id, Map.of());
        }
        if (answer instanceof WebSocketEndpoint.Refuse r) {
            channel.gone();
            return refuse(ctx, request, r.status(), r.problemJson(), Map.of());
        }
        channel.handler(((WebSocketEndpoint.Accept) answer).handler());
        CHANNEL.set(connection, channel);
        // the endpoint's protocol decides when a WebSocket ends, not HTTP's keep-alive time-out
        IdleTimeoutFilter.setCustomTimeout(connection, -1, TimeUnit.MILLISECONDS);
        connection.addCloseListener((closeable, type) -> channel.gone());
        handshake.setSubProtocol(List.of());
        handshake.respond(ctx, NO_EXTRAS, request.getResponse());
        channel.opened();
        return content.getContent().hasRemaining() ? channel.read(ctx, content.getContent()) : ctx.getStopAction();
    }

    private NextAction refuse(FilterChainContext ctx, HttpRequestPacket request, int status, int code, String name,
                              String title, String detail, Map<String, String> headers) {
        return refuse(ctx, request, status, Problem.json(status, code, name, title, detail), headers);
    }

    /** Answers with a problem, then closes the connection (what follows of the request is dropped). */
    @SuppressWarnings("unchecked")
    private NextAction refuse(FilterChainContext ctx, HttpRequestPacket request, int status, String problem,
                              Map<String, String> headers) {
        Connection<?> connection = ctx.getConnection();
        REFUSED.set(connection, Boolean.TRUE);
        request.setIgnoreContentModifiers(false); // an answer like any other, not an upgrade's
        byte[] body = problem.getBytes(StandardCharsets.UTF_8);
        HttpResponsePacket response = request.getResponse();
        response.setStatus(HttpStatus.getHttpStatus(status));
        response.setContentType(Problem.MEDIA_TYPE);
        response.setContentLength(body.length);
        response.setHeader("Connection", "close");
        headers.forEach(response::setHeader);
        ctx.write(HttpContent.builder(response).content(Buffers.wrap(connection.getMemoryManager(), body)).last(true)
                .build(), new EmptyCompletionHandler<WriteResult>() {
                    @Override
                    public void completed(WriteResult result) {
                        connection.closeSilently();
                    }

                    @Override
                    public void failed(Throwable throwable) {
                        connection.terminateSilently();
                    }
                });
        return ctx.getStopAction();
    }

}
