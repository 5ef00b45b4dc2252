package io.hostbridge.binding.stomp;

import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.stream.StreamChannel;
import io.hostbridge.bridge.stream.StreamPacket;
import java.nio.ByteBuffer;

/**
 * A client's stream packet, read from a SEND frame's headers ({@code status}, {@code seq}, {@code length} of a
 * hole, {@code code} and {@code message} of an error) and body (a CONTINUE's data). What is checked here is only
 * what the frame must say to be a packet at all; the bridge checks the packet against its stream.
 */
final class PacketHeaders {
    private PacketHeaders() {
    }

    /** A frame that is no packet: the stream ends with this code and message. */
    static final class BadPacket extends Exception {
        private final ErrorCode code;

        BadPacket(ErrorCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        ErrorCode code() {
            return code;
        }
    }

    static StreamPacket decode(Frame frame, String streamId) throws BadPacket {
        if (frame.dropped() > 0) {
            throw new BadPacket(ErrorCode.REQUEST_TOO_LARGE, "stream " + streamId + ": a packet of " + frame.dropped()
                    + " bytes; at most " + StreamChannel.MAX_PACKET);
        }
        String status = frame.header("status");
        StreamPacket.Status known = status == null ? null : StreamPacket.Status.ofWireName(status);
        if (known == null) {
            throw new BadPacket(ErrorCode.STREAM_PROTOCOL_ERROR, "stream " + streamId + ": status "
                    + (status == null ? "missing" : "'" + FrameDecoder.printable(status) + "'")
                    + "; a packet's status is continue, hole, ok or error");
        }
        long seq = number(frame, "seq", streamId);
        return switch (known) {
            case CONTINUE -> StreamPacket.data(seq, ByteBuffer.wrap(frame.body()));
            case HOLE -> StreamPacket.hole(seq, number(frame, "length", streamId));
            case OK -> StreamPacket.ok(seq);
            case ERROR -> StreamPacket.error(seq, code(frame.header("code")), frame.header("message"));
        };
    }

    private static long number(Frame frame, String header, String streamId) throws BadPacket {
        String value = frame.header(header);
        if (value != null && !value.isEmpty() && value.length() <= 18
                && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Long.parseLong(value);
        }
        throw new BadPacket(ErrorCode.STREAM_PROTOCOL_ERROR, "stream " + streamId + ": a " + frame.header("status")
                + " packet needs '" + header + "', a number from 0; got "
                + (value == null ? "none" : "'" + FrameDecoder.printable(value) + "'"));
    }

    /** An ERROR's code is for the agent's log only: one that is not a number is taken as 0. */
    private static int code(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
