package io.hostbridge.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;

/**
 * Small clients of each binding for the conformance suite, each written from the protocol's documentation
 * (not from the agent's code), all answering in one shape: a {@link Reply} with the result as plain
 * values, or the bridge's error code and message. The suite runs the same scenarios through every one.
 */
final class ConformanceClients {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConformanceClients() {
    }

    /** What a call returned: a result, or an error with the bridge's code. */
    record Reply(Object result, Integer code, String message) {
        static Reply ok(Object result) {
            return new Reply(result, null, null);
        }

        static Reply error(int code, String message) {
            return new Reply(null, code, message);
        }

        boolean ok() {
            return code == null;
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> map() {
            if (!(result instanceof Map)) {
                throw new AssertionError("expected an object result, got " + this);
            }
            return (Map<String, Object>) result;
        }
    }

    /** One event as a subscriber of the binding receives it. */
    record ReceivedEvent(String topic, String hostId, long seq, Object payload) {
    }

    interface Client extends AutoCloseable {
        String name();

        /** Calls a verb with named params, in declaration order (positional protocols send them in that order). */
        Reply call(String verb, Map<String, Object> params) throws Exception;

        /** The next event on {@code topic} after subscribing, or an assertion failure at the deadline. */
        ReceivedEvent nextEvent(String topic, Duration timeout) throws Exception;

        /**
         * Starts receiving events on {@code topic} now (subscribing, or noting where polling starts), so a
         * test can act and then take the events its action caused. Polling clients poll from the current
         * {@code lastSeq}.
         */
        default EventWatch watch(String topic) throws Exception {
            return pollingWatch(this, topic);
        }

        @Override
        default void close() throws IOException, JMSException {
        }
    }

    /** Events of one topic from the moment {@link Client#watch} was called. */
    interface EventWatch extends AutoCloseable {
        /** The next event (of the watched topic) that {@code wanted} accepts, or an assertion failure. */
        ReceivedEvent next(java.util.function.Predicate<ReceivedEvent> wanted, Duration timeout) throws Exception;

        /** Narrower than AutoCloseable's, so try-with-resources need not handle InterruptedException. */
        @Override
        default void close() throws IOException, JMSException {
        }
    }

    /** A watch by polling Host.getEvents from the current lastSeq, as XML-RPC and JSON-RPC callers do. */
    static EventWatch pollingWatch(Client client, String topic) throws Exception {
        long[] cursor = {AllBindings.number(client.call("Host.getEvents", ordered("afterSeq", 0, "topics", topic,
                "limit", 1)).map().get("lastSeq"))};
        return (wanted, timeout) -> {
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                // XML-RPC has no 64-bit integers: longs travel as decimal strings
                Object after = client.name().equals("xmlrpc") ? (Object) String.valueOf(cursor[0]) : (Object) cursor[0];
                Reply page = client.call("Host.getEvents", ordered("afterSeq", after, "topics", topic, "limit", 100));
                for (Object e : (List<?>) page.map().get("events")) {
                    ReceivedEvent event = fromEnvelope((Map<?, ?>) e);
                    cursor[0] = event.seq();
                    if (wanted.test(event)) {
                        return event;
                    }
                }
                Thread.sleep(50); // the poll interval of a polling caller
            }
            throw new AssertionError("no wanted " + topic + " event polled by " + client.name() + " within " + timeout);
        };
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** REST: POST /api/v1/rpc/{verb}; errors are problem+json with {@code code}; events over SSE. */
    static final class Rest implements Client {
        private final URI base;
        private final java.net.http.HttpClient http;

        Rest(URI base) {
            this(base, Http.CLIENT);
        }

        Rest(URI base, java.net.http.HttpClient http) {
            this.base = base;
            this.http = http;
        }

        @Override
        public String name() {
            return "rest";
        }

        @Override
        public Reply call(String verb, Map<String, Object> params) throws Exception {
            Http.Reply reply = Http.post(http, base.resolve("/api/v1/rpc/" + verb), JSON.writeValueAsString(params));
            JsonNode body = reply.json();
            if (reply.status() == 200) {
                return Reply.ok(JSON.treeToValue(body, Object.class));
            }
            return Reply.error(body.path("code").asInt(), body.path("detail").asText());
        }

        @Override
        public ReceivedEvent nextEvent(String topic, Duration timeout) throws Exception {
            try (SseClient sse = new SseClient(http, base.resolve("/api/v1/events?topics=" + topic), null)) {
                Instant deadline = Instant.now().plus(timeout);
                while (true) {
                    SseClient.SseEvent e = sse.next(Duration.between(Instant.now(), deadline));
                    if (e.name().equals(topic)) {
                        return fromEnvelope(JSON.readValue(e.data(), Map.class));
                    }
                }
            }
        }

        @Override
        public EventWatch watch(String topic) throws Exception {
            return sseWatch(http, base, topic);
        }
    }

    /** An SSE subscription opened now, read until a wanted event arrives. */
    static EventWatch sseWatch(java.net.http.HttpClient http, URI base, String topic) throws Exception {
        SseClient sse = new SseClient(http, base.resolve("/api/v1/events?topics=" + topic), null);
        return new EventWatch() {
            @Override
            public ReceivedEvent next(java.util.function.Predicate<ReceivedEvent> wanted, Duration timeout)
                    throws Exception {
                Instant deadline = Instant.now().plus(timeout);
                while (true) {
                    SseClient.SseEvent e = sse.next(Duration.between(Instant.now(), deadline));
                    if (e.name().equals(topic)) {
                        ReceivedEvent event = fromEnvelope(JSON.readValue(e.data(), Map.class));
                        if (wanted.test(event)) {
                            return event;
                        }
                    }
                }
            }

            @Override
            public void close() throws IOException {
                sse.close();
            }
        };
    }

    /** JSON-RPC 2.0 over HTTP: POST /api/v1/jsonrpc; the bridge's code is in {@code error.data.code}; events by polling. */
    static final class JsonRpcHttp implements Client {
        private final URI endpoint;
        private final AtomicLong ids = new AtomicLong();

        JsonRpcHttp(URI base) {
            this.endpoint = base.resolve("/api/v1/jsonrpc");
        }

        @Override
        public String name() {
            return "jsonrpc-http";
        }

        @Override
        public Reply call(String verb, Map<String, Object> params) throws Exception {
            Map<String, Object> request = jsonRpcRequest(verb, params, ids.incrementAndGet());
            Http.Reply reply = Http.post(endpoint, JSON.writeValueAsString(request));
            if (reply.status() != 200) {
                throw new AssertionError("JSON-RPC over HTTP answered " + reply.status() + ": " + reply.body());
            }
            return fromJsonRpc(JSON.readValue(reply.body(), Map.class), request.get("id"));
        }

        @Override
        public ReceivedEvent nextEvent(String topic, Duration timeout) throws Exception {
            return poll(this, topic, timeout);
        }
    }

    /** XML-RPC with Apache's client: namespaced names, positional args, the {@code status} envelope; events by polling. */
    static final class XmlRpc implements Client {
        private final XmlRpcClient client = new XmlRpcClient();
        private final JsonNode verbs;

        /** Reads the schema for each verb's argument order, as a legacy caller reads VDSM's API docs. */
        XmlRpc(URI base) throws Exception {
            verbs = Http.get(base.resolve("/api/v1/schema")).json().path("verbs");
            XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
            config.setServerURL(new URL(base.resolve("/RPC2").toString()));
            config.setEnabledForExtensions(false);
            client.setConfig(config);
        }

        @Override
        public String name() {
            return "xmlrpc";
        }

        @Override
        public Reply call(String verb, Map<String, Object> params) throws XmlRpcException {
            Object[] args = positional(verb, params);
            Map<?, ?> envelope = (Map<?, ?>) client.execute(verb, args);
            Map<?, ?> status = (Map<?, ?>) envelope.get("status");
            int code = (Integer) status.get("code");
            if (code != 0) {
                return Reply.error(code, (String) status.get("message"));
            }
            return Reply.ok(plain(envelope.get("result")));
        }

        @Override
        public ReceivedEvent nextEvent(String topic, Duration timeout) throws Exception {
            return poll(this, topic, timeout);
        }

        /**
         * Params in declaration order; names the verb does not declare go last (so the agent sees too many
         * arguments). XML-RPC has no nil, so an omitted param may only be followed by omitted ones.
         */
        private Object[] positional(String verb, Map<String, Object> params) {
            List<Object> args = new ArrayList<>();
            Map<String, Object> rest = new LinkedHashMap<>(params);
            boolean gap = false;
            for (JsonNode param : verbs.path(verb).path("params")) {
                String name = param.path("name").asText();
                if (rest.containsKey(name)) {
                    if (gap) {
                        throw new IllegalArgumentException(verb + ": cannot send " + name + " after an omitted param");
                    }
                    args.add(rest.remove(name));
                } else {
                    gap = true;
                }
            }
            args.addAll(rest.values());
            return args.toArray();
        }

        /** XML-RPC arrays arrive as Object[]; the suite compares lists. */
        private static Object plain(Object value) {
            if (value instanceof Object[] array) {
                List<Object> list = new ArrayList<>();
                for (Object item : array) {
                    list.add(plain(item));
                }
                return list;
            }
            if (value instanceof Map<?, ?> map) {
                Map<String, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put((String) k, plain(v)));
                return out;
            }
            return value;
        }
    }

    /**
     * VDSM's JSON-RPC over STOMP, as oVirt's engine speaks it on the HTTP port: a SEND to
     * {@code jms.topic.vdsm_requests} with a {@code reply-to} this client subscribed to, the response a MESSAGE
     * there; the bridge's code in {@code error.data.code}; events by polling (the VDSM notifications on
     * {@code jms.queue.events} have their own tests).
     */
    static final class Stomp implements Client {
        private final StompClient stomp;
        private final AtomicLong ids = new AtomicLong();

        Stomp(StompClient stomp) throws Exception {
            this.stomp = stomp;
            stomp.connect("0,0");
            stomp.send("SUBSCRIBE", Map.of("destination", "conformance-replies", "id", "replies", "ack", "auto"));
        }

        @Override
        public String name() {
            return "stomp";
        }

        @Override
        public synchronized Reply call(String verb, Map<String, Object> params) throws Exception {
            Map<String, Object> request = jsonRpcRequest(verb, params, ids.incrementAndGet());
            stomp.send("SEND", Map.of("destination", "jms.topic.vdsm_requests", "reply-to", "conformance-replies",
                    "content-type", "application/json"), JSON.writeValueAsString(request));
            StompClient.Frame reply = stomp.expect("MESSAGE", Duration.ofSeconds(30));
            return fromJsonRpc(JSON.readValue(reply.body(), Map.class), request.get("id"));
        }

        @Override
        public ReceivedEvent nextEvent(String topic, Duration timeout) throws Exception {
            return poll(this, topic, timeout);
        }

        @Override
        public void close() throws IOException {
            try {
                stomp.close();
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }

    /**
     * The AMQP agent with Qpid JMS, as a cluster manager would call it: JSON-RPC in a text message to
     * {@code hostbridge.host.<hostId>}, the reply on a temporary queue correlated by message id; events from
     * the multicast address {@code hostbridge.events.<hostId>}.
     */
    static final class Amqp implements Client {
        private final Connection connection;
        private final Session session;
        private final MessageProducer producer;
        private final TemporaryQueue replies;
        private final MessageConsumer replyConsumer;
        private final String hostId;
        private final AtomicLong ids = new AtomicLong();

        /** @param factory Qpid JMS factory of the agent's broker, with the client's certificate */
        Amqp(JmsConnectionFactory factory, String hostId) throws JMSException {
            this.hostId = hostId;
            connection = factory.createConnection();
            connection.start();
            session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            producer = session.createProducer(session.createQueue("hostbridge.host." + hostId));
            replies = session.createTemporaryQueue();
            replyConsumer = session.createConsumer(replies);
        }

        @Override
        public String name() {
            return "amqp";
        }

        @Override
        public synchronized Reply call(String verb, Map<String, Object> params) throws Exception {
            Map<String, Object> request = jsonRpcRequest(verb, params, ids.incrementAndGet());
            TextMessage message = session.createTextMessage(JSON.writeValueAsString(request));
            message.setJMSReplyTo(replies);
            producer.send(message);
            Message reply = replyConsumer.receive(10_000);
            if (reply == null) {
                throw new AssertionError("no AMQP reply to " + verb + " within 10 s");
            }
            if (!message.getJMSMessageID().equals(reply.getJMSCorrelationID())) {
                throw new AssertionError("reply correlated to " + reply.getJMSCorrelationID() + ", sent "
                        + message.getJMSMessageID());
            }
            return fromJsonRpc(JSON.readValue(((TextMessage) reply).getText(), Map.class), request.get("id"));
        }

        @Override
        public ReceivedEvent nextEvent(String topic, Duration timeout) throws Exception {
            try (Session events = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                 MessageConsumer consumer = events.createConsumer(events.createTopic("hostbridge.events." + hostId))) {
                Instant deadline = Instant.now().plus(timeout);
                while (Instant.now().isBefore(deadline)) {
                    Message m = consumer.receive(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()));
                    if (m instanceof TextMessage text) {
                        ReceivedEvent e = fromEnvelope(JSON.readValue(text.getText(), Map.class));
                        if (e.topic().equals(topic)) {
                            return e;
                        }
                    }
                }
                throw new AssertionError("no " + topic + " event over AMQP within " + timeout);
            }
        }

        @Override
        public EventWatch watch(String topic) throws Exception {
            Session events = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = events.createConsumer(events.createTopic("hostbridge.events." + hostId));
            return new EventWatch() {
                @Override
                public ReceivedEvent next(java.util.function.Predicate<ReceivedEvent> wanted, Duration timeout)
                        throws Exception {
                    Instant deadline = Instant.now().plus(timeout);
                    while (Instant.now().isBefore(deadline)) {
                        Message m = consumer.receive(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()));
                        if (m instanceof TextMessage text) {
                            ReceivedEvent e = fromEnvelope(JSON.readValue(text.getText(), Map.class));
                            if (e.topic().equals(topic) && wanted.test(e)) {
                                return e;
                            }
                        }
                    }
                    throw new AssertionError("no wanted " + topic + " event over AMQP within " + timeout);
                }

                @Override
                public void close() throws JMSException {
                    events.close();
                }
            };
        }

        @Override
        public void close() throws JMSException {
            connection.close();
        }
    }

    static Map<String, Object> jsonRpcRequest(String verb, Map<String, Object> params, long id) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("jsonrpc", "2.0");
        request.put("method", verb);
        request.put("params", params);
        request.put("id", id);
        return request;
    }

    static Reply fromJsonRpc(Map<?, ?> response, Object id) {
        if (!id.equals(((Number) response.get("id")).longValue())) {
            throw new AssertionError("response id " + response.get("id") + " for request id " + id);
        }
        if (response.containsKey("error")) {
            Map<?, ?> error = (Map<?, ?>) response.get("error");
            Map<?, ?> data = (Map<?, ?>) error.get("data");
            int code = data != null && data.get("code") != null ? (Integer) data.get("code") : (Integer) error.get("code");
            return Reply.error(code, (String) error.get("message"));
        }
        return Reply.ok(response.get("result"));
    }

    /** Polls Host.getEvents, as XML-RPC and JSON-RPC callers without a subscription do. */
    static ReceivedEvent poll(Client client, String topic, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Reply page = client.call("Host.getEvents", ordered("afterSeq", 0, "topics", topic, "limit", 1));
            List<?> events = (List<?>) page.map().get("events");
            if (!events.isEmpty()) {
                return fromEnvelope((Map<?, ?>) events.get(0));
            }
            Thread.sleep(50); // the poll interval of a polling caller
        }
        throw new AssertionError("no " + topic + " event polled by " + client.name() + " within " + timeout);
    }

    /** The event envelope every binding sends: topic, hostId, seq (a string over XML-RPC), payload. */
    /**
     * The Java client library (issue 15), over whichever way its client was built for: calls by name, events through
     * its subscriptions. Written against the library's public API only.
     */
    static final class Library implements Client {
        private final String name;
        private final io.hostbridge.client.HostbridgeClient client;

        Library(String name, io.hostbridge.client.HostbridgeClient client) {
            this.name = name;
            this.client = client;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Reply call(String verb, Map<String, Object> params) {
            try {
                return Reply.ok(client.call(verb, params));
            } catch (io.hostbridge.client.HostbridgeException e) {
                return Reply.error(e.code(), e.getMessage());
            }
        }

        @Override
        public ReceivedEvent nextEvent(String topic, Duration timeout) throws Exception {
            try (EventWatch watch = watch(topic)) {
                return watch.next(e -> true, timeout);
            }
        }

        @Override
        public EventWatch watch(String topic) {
            java.util.concurrent.BlockingQueue<io.hostbridge.client.Event> events =
                    new java.util.concurrent.LinkedBlockingQueue<>();
            io.hostbridge.client.Subscription subscription = client.events(topic, null, events::add);
            return new EventWatch() {
                @Override
                public ReceivedEvent next(java.util.function.Predicate<ReceivedEvent> wanted, Duration timeout)
                        throws Exception {
                    Instant deadline = Instant.now().plus(timeout);
                    while (Instant.now().isBefore(deadline)) {
                        io.hostbridge.client.Event e = events.poll(Duration.between(Instant.now(), deadline).toMillis(),
                                java.util.concurrent.TimeUnit.MILLISECONDS);
                        if (e != null && e.topic().equals(topic)) {
                            ReceivedEvent event = new ReceivedEvent(e.topic(), e.hostId(), e.seq(), e.payload(Object.class));
                            if (wanted.test(event)) {
                                return event;
                            }
                        }
                    }
                    throw new AssertionError("no wanted " + topic + " event through " + name + " within " + timeout);
                }

                @Override
                public void close() {
                    subscription.close();
                }
            };
        }

        @Override
        public void close() {
            client.close();
        }
    }

    static ReceivedEvent fromEnvelope(Map<?, ?> envelope) {
        return new ReceivedEvent((String) envelope.get("topic"), (String) envelope.get("hostId"),
                Long.parseLong(String.valueOf(envelope.get("seq"))), envelope.get("payload"));
    }

    /** Named params in the given order (key, value, key, value…). */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            params.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return params;
    }

    static List<Object> list(Object... items) {
        return Arrays.asList(items);
    }
}
