package io.hostbridge.binding.amqp;

import io.hostbridge.jsonrpc.JsonText;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.hostbridge.bridge.CallContext;
import io.hostbridge.bridge.Peer;
import io.hostbridge.bridge.Transport;
import io.hostbridge.jsonrpc.JsonRpc;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives requests on the consumer session's thread and does only what must happen in order: acknowledge,
 * screen (type, size, JSON, redelivery) and hand the call to a worker. What it refuses it answers itself, at
 * once: a full executor is a 1100 reply in milliseconds, not a time-out.
 *
 * <p>At-most-once: a request is acknowledged before it runs, so the broker does not deliver it again once it
 * ran; and since an acknowledgement can still be lost (the broker dies before it records it, or failover
 * drops it as stale), a request seen before is answered with code 5006 (duplicateRequest) and not run again.
 *
 * <p>The caller is the user the broker validated and stamped on the message ({@link #VALIDATED_USER}); a request
 * without one comes from nobody the agent knows, and the bridge refuses it. A reply-to naming one of hostbridge's
 * own addresses is ignored (the request runs without a reply): the agent's answer must not pass for an event, a
 * presence notice or a request to another host.
 *
 * <p>A call may open a data stream: its transport carries the request's {@link CallStreams}, and the stream's
 * packets follow the reply to its reply address; a stream whose id nobody learns (no reply address, a
 * notification, a lost reply) ends at once. The clients' packets do not come here (the consumer's selector leaves
 * them to the {@link PacketListener}).
 */
final class RequestListener implements MessageListener {
    private static final Logger LOG = LoggerFactory.getLogger(RequestListener.class);
    /**
     * The message property holding the user the broker validated: Artemis' name for it, which the embedded broker
     * (and an external Artemis with hostbridge's plugin) sets on every message, replacing what the sender put there.
     */
    static final String VALIDATED_USER = "_AMQ_VALIDATED_USER";
    /** Addresses of the agents themselves: requests, events, presence. */
    private static final String OWN_ADDRESSES = "hostbridge.";

    private final JsonRpc rpc;
    private final AmqpSettings settings;
    private final Executor workers;
    private final Replies replies;
    private final Outbox direct;
    private final RecentRequests recent;
    private final StreamCarrier streams;

    /**
     * @param direct  the consumer session's own producer, for answers given on this thread
     * @param replies producers for the workers' answers
     * @param streams carries the streams the calls open
     */
    RequestListener(JsonRpc rpc, AmqpSettings settings, Executor workers, Replies replies, Outbox direct,
                    RecentRequests recent, StreamCarrier streams) {
        this.rpc = rpc;
        this.settings = settings;
        this.workers = workers;
        this.replies = replies;
        this.direct = direct;
        this.recent = recent;
        this.streams = streams;
    }

    @Override
    public void onMessage(Message message) {
        try {
            receive(message);
        } catch (JMSException | RuntimeException e) {
            // nothing may escape to the client library: it would recover the session and deliver again
            LOG.warn("AMQP request not handled: {}", e.toString());
        }
    }

    private void receive(Message message) throws JMSException {
        String messageId = message.getJMSMessageID();
        Destination replyTo = replyAddress(message);
        String replyAddress = address(message.getJMSReplyTo());
        try {
            message.acknowledge();
        } catch (JMSException e) {
            LOG.debug("request {} not acknowledged ({}): not run; the broker delivers it again", messageId, e.toString());
            return;
        }
        if (!(message instanceof TextMessage textMessage)) {
            answer(replyTo, messageId, Refusals.notText(message));
            return;
        }
        String text = textMessage.getText();
        if (text == null || text.isBlank()) {
            answer(replyTo, messageId, JsonRpc.parseError("the message is empty"));
            return;
        }
        long size = utf8Length(text);
        if (size > settings.maxMessageBytes()) {
            answer(replyTo, messageId, Refusals.tooLarge(size, settings.maxMessageBytes()));
            return;
        }
        Object document;
        try {
            document = JsonText.read(text);
        } catch (JsonProcessingException e) {
            answer(replyTo, messageId, JsonRpc.parseError(JsonText.describe(e)));
            return;
        }
        if (messageId != null && !recent.firstTime(messageId + '\n' + replyAddress + '\n' + text.hashCode())) {
            LOG.info("request {} delivered again: not run again (at-most-once)", messageId);
            answer(replyTo, messageId, Refusals.duplicate(document, messageId));
            return;
        }
        // one word, as the access log wants it
        Transport plain = Transport.of("amqp", replyAddress == null ? "no-reply-to" : "reply-to:" + replyAddress,
                flowId(message), peer(message));
        Destination to = replyTo;
        // a stream the call opens flows to the reply address; without one nobody learns its id, and it ends at once
        CallStreams streams = this.streams.forCall(validatedUser(message), replyTo);
        Transport transport = plain.withStreams(streams);
        try {
            workers.execute(() -> run(document, transport, to, messageId, streams));
        } catch (RejectedExecutionException e) {
            streams.replied(false); // nothing ran, nothing was attached
            LOG.debug("request {} refused: the agent is at capacity", messageId);
            answer(replyTo, messageId, Refusals.atCapacity(document, settings));
        }
    }

    /** On a worker thread. */
    private void run(Object document, Transport transport, Destination replyTo, String messageId,
                     CallStreams streams) {
        Object response = rpc.handle(document, transport);
        if (response == null) {
            streams.replied(false); // notifications only
            return;
        }
        if (replyTo == null) {
            LOG.debug("request {} ({}) has no JMSReplyTo: its response is dropped", messageId, JsonRpc.methodOf(document));
            streams.replied(false);
            return;
        }
        streams.replied(replies.send(replyTo, messageId, response));
    }

    private void answer(Destination replyTo, String messageId, Object response) {
        if (replyTo == null) {
            LOG.debug("request {} refused, and it has no JMSReplyTo to say so", messageId);
            return;
        }
        try {
            direct.reply(replyTo, messageId, response);
        } catch (JMSException e) {
            LOG.warn("reply to {} lost: {}", messageId, e.toString());
        }
    }

    /** The user the broker validated, or nobody. */
    private static Peer peer(Message message) throws JMSException {
        String user = validatedUser(message);
        return user == null ? Peer.ANONYMOUS : new Peer.BrokerUser(user);
    }

    /** The user the broker validated and stamped on the message, or null. */
    static String validatedUser(Message message) throws JMSException {
        return message.getObjectProperty(VALIDATED_USER) instanceof String user && !user.isEmpty() ? user : null;
    }

    /** Where to answer a message: its reply-to, unless that is missing or one of hostbridge's own addresses. */
    static Destination replyAddress(Message message) throws JMSException {
        Destination replyTo = message.getJMSReplyTo();
        String address = address(replyTo);
        if (address != null && address.startsWith(OWN_ADDRESSES)) {
            LOG.debug("message {} names {} to reply to, one of hostbridge's own addresses: no reply",
                    message.getJMSMessageID(), address);
            return null;
        }
        return replyTo;
    }

    /** The caller's FlowID property when it is a string; the pipeline replaces one unfit for logs. */
    private static String flowId(Message message) throws JMSException {
        return message.getObjectProperty(CallContext.FLOW_ID) instanceof String s ? s : null;
    }

    private static String address(Destination destination) throws JMSException {
        if (destination instanceof Queue q) {
            return q.getQueueName();
        }
        return destination instanceof Topic t ? t.getTopicName() : null;
    }

    /** Bytes of {@code text} in UTF-8, counted without encoding it. */
    static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes++; // unpaired: the encoder writes '?'
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
