package io.hostbridge.binding.amqp;

import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.Printable;
import io.hostbridge.bridge.stream.StreamPacket;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives the clients' stream packets (messages on the request address carrying a {@code stream} property), on
 * the one session that takes them, so that each stream's packets reach it in the order they were queued. It only
 * acknowledges, reads and routes: the stream takes the packet at once, or waits briefly while its buffer is full
 * (the bridge's stall timeout), which is the back-pressure the consumer's prefetch then passes on to the broker.
 *
 * <p>A packet nobody can take — for a stream that does not exist, has ended, or belongs to another user, or one
 * the agent cannot read — is answered with an ERROR to its reply-to (no {@code seq}: it is outside every stream's
 * sequence; correlation id: the packet's message id). An unreadable packet for a stream of its sender's ends that
 * stream, the ERROR going out as the stream's last packet.
 */
final class PacketListener implements MessageListener {
    private static final Logger LOG = LoggerFactory.getLogger(PacketListener.class);

    private final StreamRoutes routes;
    private final Outbox direct;

    /** @param direct the packet session's own producer, for the refusals */
    PacketListener(StreamRoutes routes, Outbox direct) {
        this.routes = routes;
        this.direct = direct;
    }

    @Override
    public void onMessage(Message message) {
        try {
            receive(message);
        } catch (JMSException | RuntimeException e) {
            // nothing may escape to the client library: it would recover the session and deliver again
            LOG.warn("AMQP stream packet not handled: {}", e.toString());
        }
    }

    private void receive(Message message) throws JMSException {
        try {
            message.acknowledge();
        } catch (JMSException e) {
            LOG.debug("packet {} not acknowledged ({}): the broker delivers it again", message.getJMSMessageID(),
                    e.toString());
            return;
        }
        String sender = RequestListener.validatedUser(message);
        Packets.Inbound inbound;
        try {
            inbound = Packets.read(message);
        } catch (Packets.Malformed e) {
            StreamRoutes.Route route = e.streamId() == null ? null : routes.get(e.streamId());
            if (route != null && route.ownedBy(sender)) {
                LOG.debug("stream {}: unreadable packet, stream aborted: {}", e.streamId(), e.getMessage());
                routes.abort(route, ErrorCode.MALFORMED_REQUEST, e.getMessage());
            } else {
                refuse(message, e.streamId(), ErrorCode.MALFORMED_REQUEST, e.getMessage());
            }
            return;
        }
        StreamRoutes.Route route = routes.get(inbound.streamId());
        if (route == null || !route.ownedBy(sender)) {
            refuse(message, inbound.streamId(), ErrorCode.NO_SUCH_STREAM, "No such stream: '"
                    + Printable.of(inbound.streamId()) + "' (it ended, or was never opened by this caller)");
            return;
        }
        if (inbound.packet().status() == StreamPacket.Status.ERROR) {
            routes.remove(inbound.streamId()); // the client aborted it: it is over for the client now
        }
        route.stream().receive(inbound.packet());
    }

    private void refuse(Message packet, String streamId, ErrorCode code, String text) throws JMSException {
        Destination replyTo = RequestListener.replyAddress(packet);
        String id = packet.getJMSMessageID();
        if (replyTo == null) {
            LOG.debug("packet {} refused ({}), and it has no usable reply-to to say so: {}", id, code.code(), text);
            return;
        }
        try {
            direct.send(replyTo, id, Packets.refusal(direct.session(), streamId, code.code(), text), Packets.PRIORITY);
        } catch (JMSException e) {
            LOG.debug("refusal of packet {} lost: {}", id, e.toString());
        }
    }
}
