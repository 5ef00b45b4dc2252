package io.hostbridge.binding.imageio;

import io.hostbridge.api.transfer.ImageTransfers;

/**
 * What the operations of one connection share: the transfer API, the settings, the connection's flow control,
 * slowloris guard and tickets.
 *
 * @param transport {@code tcp} or {@code unix}, for logs
 */
record DataConnection(ImageTransfers transfers, ImageioSettings settings, String transport, FlowControl flow,
                      HeadDeadline deadline, ConnectionTickets tickets) {

    /** The unix socket advertised to clients, or null. */
    String unixSocket() {
        return settings.socket() == null ? null : settings.socket().toString();
    }
}
