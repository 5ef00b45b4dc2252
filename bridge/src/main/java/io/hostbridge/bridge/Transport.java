package io.hostbridge.bridge;

import io.hostbridge.bridge.stream.StreamPorts;
import java.util.Objects;

/**
 * How a call came in, as its binding saw it, before anything is decided about the caller: the facts the call
 * pipeline's identity and flow-id stages work from.
 *
 * @param binding the binding that decoded the call, e.g. {@code rest}, {@code jsonrpc}, {@code xmlrpc},
 *                {@code amqp}, {@code imageio}
 * @param remote  the peer as the binding sees it (address and port, a reply address), for logs, in one word (the
 *                access log is space-separated); never null
 * @param flowId  the correlation id the caller sent (VDSM's {@code FlowID}), or null; the pipeline keeps it only
 *                when it is fit for a log line
 * @param peer    what the transport proved about the caller
 * @param streams where a stream that the call opens flows on the caller's connection, or null when the transport
 *                carries no stream packets (the caller attaches a stream afterwards, e.g. with a WebSocket)
 */
public record Transport(String binding, String remote, String flowId, Peer peer, StreamPorts streams) {
    public Transport {
        Objects.requireNonNull(binding, "binding");
        remote = remote == null ? "" : remote;
        Objects.requireNonNull(peer, "peer");
    }

    public Transport(String binding, String remote, String flowId, Peer peer) {
        this(binding, remote, flowId, peer, null);
    }

    /** This transport, carrying the streams its call opens on the caller's connection. */
    public Transport withStreams(StreamPorts ports) {
        return new Transport(binding, remote, flowId, peer, ports);
    }

    /** A call whose transport proved nothing about its caller. */
    public static Transport of(String binding, String remote, String flowId) {
        return new Transport(binding, remote, flowId, Peer.ANONYMOUS);
    }

    public static Transport of(String binding, String remote, String flowId, Peer peer) {
        return new Transport(binding, remote, flowId, peer);
    }

    /** A call the agent makes itself (a presence notice, the start-up banner), not a remote caller's. */
    public static Transport internal(String binding) {
        return new Transport(binding, "agent", null, Peer.AGENT);
    }
}
