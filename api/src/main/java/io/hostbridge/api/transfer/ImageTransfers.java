package io.hostbridge.api.transfer;

import java.util.List;

/**
 * The data side of image transfers, for a data server binding (imageio protocol). Tickets are checked and
 * bytes are moved here; the binding only decodes the wire and encodes answers.
 *
 * <p>Every method may block on disk I/O; a binding calls them off its network threads.
 */
public interface ImageTransfers {

    /**
     * Attaches one client connection to a ticket. The ticket counts the connection until the session is
     * closed.
     *
     * @param ticketId the id from the URL
     * @param onCancel run (once, on any thread) when the ticket is removed while the session is open; the
     *                 binding closes the connection there
     * @throws TransferException {@link TransferException.Reason#FORBIDDEN} for an unknown, expired or
     *                           canceled ticket
     */
    TransferSession attach(String ticketId, Runnable onCancel);

    /** Checksum algorithms {@link TransferOperation#checksum} accepts; needs no ticket. */
    List<String> checksumAlgorithms();

    /** Version reported by the data server's {@code /info/}. */
    String version();
}
