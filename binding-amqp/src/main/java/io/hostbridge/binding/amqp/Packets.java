package io.hostbridge.binding.amqp;

import io.hostbridge.api.Printable;
import io.hostbridge.api.stream.StreamChannel;
import io.hostbridge.bridge.stream.StreamPacket;
import io.hostbridge.bridge.stream.StreamPacket.Status;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MapMessage;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * Stream packets as AMQP messages (docs/amqp.md, "Data streams"): the application properties {@code stream},
 * {@code status}, {@code seq}, and {@code length} (a hole) or {@code code} and {@code message} (an error); the data
 * in the body, binary. What a client sends is read strictly: a packet the agent cannot read is refused with a
 * sentence naming the property, never guessed at.
 */
final class Packets {
    static final String STREAM = "stream";
    static final String STATUS = "status";
    static final String SEQ = "seq";
    static final String LENGTH = "length";
    static final String CODE = "code";
    static final String MESSAGE = "message";
    /**
     * Priority of the agent's packets: below a reply's (4, the default), so that a reply sent after them on the
     * same reply address overtakes those still queued. All packets of a stream share it, which keeps them in order.
     */
    static final int PRIORITY = 1;

    /** The integer types an AMQP client may use for {@code seq}, {@code length} and {@code code}. */
    private static final Set<String> INTEGERS = Set.of("java.lang.Byte", "java.lang.Short", "java.lang.Integer",
            "java.lang.Long", "org.apache.qpid.proton.amqp.UnsignedByte", "org.apache.qpid.proton.amqp.UnsignedShort",
            "org.apache.qpid.proton.amqp.UnsignedInteger", "org.apache.qpid.proton.amqp.UnsignedLong");

    private Packets() {
    }

    /** A packet from a client, read from its message. */
    record Inbound(String streamId, StreamPacket packet) {
    }

    /** A message that is not a packet the agent can read; {@link #streamId} is the stream it names, if any. */
    static final class Malformed extends Exception {
        private final String streamId;

        Malformed(String streamId, String message) {
            super(message, null, false, false);
            this.streamId = streamId;
        }

        String streamId() {
            return streamId;
        }
    }

    /** Whether a message is a stream packet at all: it carries the {@code stream} property. */
    static boolean isPacket(Message message) throws JMSException {
        return message.propertyExists(STREAM);
    }

    static Inbound read(Message message) throws JMSException, Malformed {
        if (!(message.getObjectProperty(STREAM) instanceof String id) || id.isBlank()) {
            throw new Malformed(null, "A stream packet's property 'stream' must be the streamId (a string), got "
                    + describe(message.getObjectProperty(STREAM)));
        }
        Object statusValue = message.getObjectProperty(STATUS);
        Status status = statusValue instanceof String s ? Status.ofWireName(s) : null;
        if (status == null) {
            throw new Malformed(id, "Stream " + Printable.of(id) + ": property 'status' must be one of continue, hole,"
                    + " ok, error; got " + describe(statusValue));
        }
        long seq = integer(message, SEQ, id);
        if (seq < 0) {
            throw new Malformed(id, "Stream " + Printable.of(id) + ": property 'seq' must not be negative, got " + seq);
        }
        return new Inbound(id, switch (status) {
            case CONTINUE -> StreamPacket.data(seq, ByteBuffer.wrap(body(message, id)));
            case HOLE -> StreamPacket.hole(seq, integer(message, LENGTH, id));
            case OK -> StreamPacket.ok(seq);
            case ERROR -> StreamPacket.error(seq, message.getObjectProperty(CODE) == null ? 0
                    : (int) integer(message, CODE, id),
                    message.getObjectProperty(MESSAGE) instanceof String s ? s : null);
        });
    }

    /** A packet of the agent's as a message for {@code streamId}: a bytes message, empty unless it carries data. */
    static BytesMessage write(Session session, String streamId, StreamPacket packet) throws JMSException {
        BytesMessage message = session.createBytesMessage();
        message.setStringProperty(STREAM, streamId);
        message.setStringProperty(STATUS, packet.status().wireName());
        message.setLongProperty(SEQ, packet.seq());
        switch (packet.status()) {
            case HOLE -> message.setLongProperty(LENGTH, packet.holeLength());
            case ERROR -> error(message, packet.code(), packet.message());
            case CONTINUE -> {
                ByteBuffer data = packet.data();
                if (data.hasArray()) {
                    message.writeBytes(data.array(), data.arrayOffset() + data.position(), data.remaining());
                } else {
                    byte[] copy = new byte[data.remaining()];
                    data.duplicate().get(copy);
                    message.writeBytes(copy);
                }
            }
            default -> {
                // OK: the properties say it all
            }
        }
        return message;
    }

    /**
     * An ERROR about a client's message that belongs to no stream the agent can place it in (an unknown stream, an
     * unreadable packet): outside every stream's sequence, so without {@code seq}.
     */
    static BytesMessage refusal(Session session, String streamId, int code, String text) throws JMSException {
        BytesMessage message = session.createBytesMessage();
        if (streamId != null) {
            message.setStringProperty(STREAM, streamId);
        }
        message.setStringProperty(STATUS, Status.ERROR.wireName());
        error(message, code, text);
        return message;
    }

    private static void error(Message message, int code, String text) throws JMSException {
        message.setIntProperty(CODE, code);
        message.setStringProperty(MESSAGE, text == null ? "" : text);
    }

    private static long integer(Message message, String name, String id) throws JMSException, Malformed {
        Object value = message.getObjectProperty(name);
        if (value instanceof Number n && INTEGERS.contains(value.getClass().getName())) {
            long v = n.longValue();
            if (v >= 0 || !value.getClass().getSimpleName().startsWith("Unsigned")) {
                return v;
            }
        }
        throw new Malformed(id, "Stream " + Printable.of(id) + ": property '" + name + "' must be an integer, got "
                + describe(value));
    }

    /** The data of a CONTINUE packet: a binary body (a data section, or a value holding binary), or none. */
    private static byte[] body(Message message, String id) throws JMSException, Malformed {
        if (message instanceof BytesMessage bytes) {
            long length = bytes.getBodyLength();
            if (length > Integer.MAX_VALUE - 8) {
                throw new Malformed(id, "Stream " + Printable.of(id) + ": a packet of " + length + " bytes; at most "
                        + StreamChannel.MAX_PACKET);
            }
            byte[] data = new byte[(int) length];
            bytes.readBytes(data);
            return data;
        }
        if (message instanceof TextMessage || message instanceof MapMessage || message instanceof ObjectMessage
                || message instanceof StreamMessage) {
            throw new Malformed(id, "Stream " + Printable.of(id) + ": a continue packet's data must be binary (an AMQP"
                    + " data section), got " + (message instanceof TextMessage ? "text" : "a structured body"));
        }
        return new byte[0]; // no body at all: an empty CONTINUE
    }

    private static String describe(Object value) {
        if (value == null) {
            return "none";
        }
        String text = value instanceof String s ? "'" + Printable.of(s) + "'" : Printable.of(String.valueOf(value));
        return text + " (" + value.getClass().getSimpleName().replace("Unsigned", "unsigned ").toLowerCase() + ")";
    }
}
