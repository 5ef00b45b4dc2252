package io.hostbridge.api.transfer;

import java.time.Duration;

/**
 * One connection's use of one ticket, from {@link ImageTransfers#attach}. Close it when the connection
 * closes or moves to another ticket.
 */
public interface TransferSession extends AutoCloseable {

    /** Ticket id. */
    String ticketId();

    /** Bytes that can be read: the ticket's size, or the image's when that is smaller. */
    long size();

    /** File name suggested to downloaders, or null. */
    String filename();

    /**
     * What the ticket lets a client do, for a client that asks (imageio's OPTIONS). Checked as {@link #begin} checks
     * a read, and, as in imageio, asking counts as activity: it restarts the ticket's expiry.
     *
     * @throws TransferException FORBIDDEN for a ticket that is gone, expired or canceled
     */
    TicketOptions options();

    /**
     * @param writable   true when the ticket allows writing
     * @param maxReaders how many connections may read at the same time
     * @param maxWriters how many connections may write at the same time
     */
    record TicketOptions(boolean writable, int maxReaders, int maxWriters) {
    }

    /** How long this connection may stay idle before the server drops it. */
    Duration inactivityTimeout();

    /**
     * Checks the ticket for {@code op} (known, not expired, not canceled, allowing the op), restarts its
     * expiry, and starts an operation that counts as activity until closed.
     *
     * @throws TransferException FORBIDDEN when the ticket does not allow it
     */
    TransferOperation begin(TicketOp op);

    /** Detaches the connection from the ticket; never throws. */
    @Override
    void close();
}
