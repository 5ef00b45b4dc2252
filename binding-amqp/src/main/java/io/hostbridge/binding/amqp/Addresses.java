package io.hostbridge.binding.amqp;

/**
 * Where one host's agent listens and speaks on the broker.
 *
 * @param requests anycast queue the agent consumes JSON-RPC requests from
 * @param events   multicast address (a JMS topic) the agent publishes its events to
 */
record Addresses(String requests, String events) {
    /** Multicast address on which every agent announces itself. */
    static final String PRESENCE = "hostbridge.presence";

    static Addresses forHost(String hostId) {
        return new Addresses("hostbridge.host." + hostId, "hostbridge.events." + hostId);
    }
}
