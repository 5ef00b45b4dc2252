package io.hostbridge.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiVerb;
import io.hostbridge.api.stream.StreamMode;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A client of one hostbridge agent, typed by the contract's own API interfaces:
 *
 * <pre>{@code
 * try (HostbridgeClient client = HostbridgeClient.builder().unixSocket(Path.of("/run/hostbridge/api.sock")).build()) {
 *     VmInfo vm = client.api(VmApi.class).getInfo(vmId);
 * }
 * }</pre>
 *
 * <p>Each call goes to the agent as it is made, over HTTPS with a client certificate, the local unix socket, or AMQP
 * through the agent's broker; every way gives the same results and the same errors ({@link HostbridgeException},
 * with the agent's code). Thread-safe; close it to release its connections.
 */
public final class HostbridgeClient implements AutoCloseable {
    /** Where a local agent listens by default. */
    public static final Path LOCAL_SOCKET = Path.of("/run/hostbridge/api.sock");

    private final ClientTransport transport;
    /** The image data server's HTTP, or null when the builder named none (AMQP, STOMP). */
    private final Http1 data;
    private final Duration timeout;

    private HostbridgeClient(ClientTransport transport, Http1 data, Duration timeout) {
        this.transport = transport;
        this.data = data;
        this.timeout = timeout;
    }

    /** What an image transfer moved: the image's size, the bytes sent as data, and those sent as zeros (or holes). */
    public record Transferred(long size, long dataBytes, long zeroBytes) {
    }

    /**
     * Uploads a raw image file into a volume (raw or qcow2: the agent writes guest data either way) through the
     * agent's image data server, sparse: runs of zeros travel as zero requests. What the file does not cover, up to
     * the volume's size, reads zeros after. {@code progress} hears of the file's bytes done, out of its size.
     */
    public Transferred upload(Path file, UUID sd, UUID image, UUID volume, TransferProgress progress)
            throws IOException {
        return images().upload(file, sd, image, volume, progress);
    }

    /**
     * Downloads a volume's guest data into a raw file, sparse: only the extents that hold data are read and written.
     * {@code progress} hears of the volume's bytes done, out of its size.
     */
    public Transferred download(UUID sd, UUID image, UUID volume, Path file, TransferProgress progress)
            throws IOException {
        return images().download(sd, image, volume, file, progress);
    }

    private ImageTransfers images() {
        if (data == null) {
            throw new UnsupportedOperationException("image data moves through the agent's data server: build the"
                    + " client with unixSocket or https");
        }
        return new ImageTransfers(this, data, timeout);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A proxy of an API interface of the contract ({@code VmApi}, {@code HostApi}, …): each method calls its verb.
     * A verb that opens a data stream cannot be called through it: {@link #call(String, Map, Class)} gives its
     * {@code StreamRef}.
     */
    public <T> T api(Class<T> namespace) {
        ApiNamespace ns = namespace.getAnnotation(ApiNamespace.class);
        if (!namespace.isInterface() || ns == null) {
            throw new IllegalArgumentException(namespace.getName() + " is not an API interface (@ApiNamespace)");
        }
        Object proxy = Proxy.newProxyInstance(namespace.getClassLoader(), new Class<?>[] {namespace},
                (self, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "equals" -> self == args[0];
                            case "hashCode" -> System.identityHashCode(self);
                            default -> "HostbridgeClient.api(" + namespace.getSimpleName() + ")";
                        };
                    }
                    return invoke(ns.value(), method, args);
                });
        return namespace.cast(proxy);
    }

    private Object invoke(String namespace, Method method, Object[] args) {
        ApiVerb verb = method.getAnnotation(ApiVerb.class);
        String name = namespace + "." + method.getName();
        if (verb == null) {
            throw new UnsupportedOperationException(method + " is not a verb (@ApiVerb)");
        }
        if (verb.stream() != StreamMode.NONE) {
            throw new UnsupportedOperationException(name + " opens a data stream: call it with HostbridgeClient.call("
                    + "\"" + name + "\", params, StreamRef.class) and attach to the stream (docs/streams.md)");
        }
        ObjectNode params = Codec.JSON.createObjectNode();
        Parameter[] parameters = method.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            ApiParam param = parameters[i].getAnnotation(ApiParam.class);
            if (args[i] != null) {
                params.set(param.value(), Codec.encode(args[i]));
            }
        }
        Type result = method.getGenericReturnType();
        JsonNode answer = transport.call(name, params);
        return result == void.class ? null : Codec.decode(answer, result);
    }

    /** Calls any verb by name with named parameters; the result as plain maps, lists and scalars. */
    public Object call(String verb, Map<String, ?> params) {
        return call(verb, params, Object.class);
    }

    /** Calls any verb by name with named parameters (contract types or plain values); the result as {@code type}. */
    public <T> T call(String verb, Map<String, ?> params, Class<T> type) {
        JsonNode encoded = Codec.encode(params);
        if (!(encoded instanceof ObjectNode named)) {
            throw new IllegalArgumentException("params must be a map of named parameters");
        }
        Object result = Codec.decode(transport.call(Objects.requireNonNull(verb, "verb"), named), type);
        return type.cast(result);
    }

    /**
     * Delivers the events of {@code topics} (comma-separated patterns: '*' one segment, '#' any number) to
     * {@code listener}, one at a time on a thread of the subscription's; after a lost connection it resumes from the
     * last event delivered. {@code afterSeq} starts after that sequence number (what the agent still holds), null
     * from this call on (events published while the subscription connects are not missed). A {@code gap} event says
     * that events were lost to this subscriber.
     */
    public Subscription events(String topics, Long afterSeq, Consumer<Event> listener) {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(listener, "listener");
        Long from = afterSeq;
        if (from == null) {
            // "from now" is from this call: what happens while the subscription connects is replayed
            ObjectNode params = Codec.JSON.createObjectNode().put("topics", topics).put("limit", 1);
            from = transport.call("Host.getEvents", params).path("lastSeq").asLong();
        }
        return transport.subscribe(topics, from, listener);
    }

    /**
     * The agent's machine-readable schema (verbs with their parameters, types, events, errors), as plain maps: what
     * tools that build their commands at run time (such as {@code hbsh}) read. Over HTTP only (unix socket, HTTPS).
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> schema() {
        return Codec.JSON.convertValue(transport.schema(), Map.class);
    }

    @Override
    public void close() {
        try {
            if (data != null) {
                data.close();
            }
        } catch (IOException e) {
            // its connections are idle ones; the transport's close says what matters
        } finally {
            transport.close();
        }
    }

    /** How to reach the agent: the last of {@link #unixSocket}, {@link #https} or {@link #amqp} counts. */
    public static final class Builder {
        private Duration timeout = Duration.ofSeconds(60);
        private Path socket;
        private URI url;
        private javax.net.ssl.SSLContext ssl;
        private String hostId;
        private boolean stomp;
        private Path imageioSocket;
        private URI imageioUrl;

        private Builder() {
        }

        /** The agent's local unix socket (as root, an admin; members of its group, as configured). */
        public Builder unixSocket(Path socket) {
            this.socket = Objects.requireNonNull(socket, "socket");
            this.url = null;
            this.hostId = null;
            return this;
        }

        /**
         * The agent's HTTPS listener, e.g. {@code https://host.example.com:54321}, with a client certificate of its
         * CA: the PEM files {@code hostbridge cert issue} writes (CA, certificate, PKCS#8 key).
         */
        public Builder https(URI url, Path ca, Path certificate, Path key) {
            if (!"https".equals(url.getScheme())) {
                throw new IllegalArgumentException("The agent's URL must be https://HOST:PORT, got " + url);
            }
            this.hostId = null;
            return secure(url, ca, certificate, key);
        }

        /**
         * The agent of host {@code hostId} through its AMQP broker, e.g. {@code amqps://broker:5671}, logging in with
         * a client certificate of the broker's CA. Needs {@code org.apache.qpid:qpid-jms-client} on the class path.
         */
        public Builder amqp(URI broker, String hostId, Path ca, Path certificate, Path key) {
            if (!"amqps".equals(broker.getScheme())) {
                throw new IllegalArgumentException("The broker's URL must be amqps://HOST:PORT, got " + broker);
            }
            this.hostId = Objects.requireNonNull(hostId, "hostId");
            return secure(broker, ca, certificate, key);
        }

        private Builder secure(URI url, Path ca, Path certificate, Path key) {
            this.ssl = Pem.sslContext(ca, certificate, key);
            this.url = url;
            this.socket = null;
            return this;
        }

        /**
         * Speak VDSM's JSON-RPC over STOMP instead of HTTP, on the same unix socket or port (docs/stomp.md). Events
         * are then polled ({@code Host.getEvents}), since STOMP's notifications carry no sequence number.
         */
        public Builder stomp() {
            this.stomp = true;
            return this;
        }

        /**
         * The image data server's unix socket (default: {@code imageio.sock} beside the agent's socket) for
         * {@link HostbridgeClient#upload} and {@link HostbridgeClient#download}.
         */
        public Builder imageioSocket(Path socket) {
            this.imageioSocket = Objects.requireNonNull(socket, "socket");
            return this;
        }

        /** The image data server's URL (default: the agent's host, port 54322), for a client built with https. */
        public Builder imageioUrl(URI url) {
            this.imageioUrl = Objects.requireNonNull(url, "url");
            return this;
        }

        /** Longest wait for one answer (default 60 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public HostbridgeClient build() {
            if (socket != null) {
                Path images = imageioSocket != null ? imageioSocket : socket.resolveSibling("imageio.sock");
                return new HostbridgeClient(stomp ? StompTransport.unixSocket(socket, timeout)
                        : HttpTransport.unixSocket(socket, timeout), Http1.unixSocket(images), timeout);
            }
            if (url == null) {
                throw new IllegalStateException("say how to reach the agent: unixSocket, https or amqp");
            }
            if (hostId != null) {
                if (stomp) {
                    throw new IllegalStateException("STOMP is spoken to the agent, not to its broker");
                }
                return new HostbridgeClient(AmqpTransport.connect(url, hostId, ssl, timeout), null, timeout);
            }
            URI images = imageioUrl != null ? imageioUrl : URI.create("https://" + url.getHost() + ":54322");
            return new HostbridgeClient(stomp ? StompTransport.tls(url, ssl, timeout) : HttpTransport.tls(url, ssl, timeout),
                    Http1.tls(images.getHost(), images.getPort() < 0 ? 443 : images.getPort(), ssl), timeout);
        }
    }
}
