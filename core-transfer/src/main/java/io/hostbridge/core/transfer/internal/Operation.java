package io.hostbridge.core.transfer.internal;

import io.hostbridge.api.EventPublisher;
import io.hostbridge.api.transfer.ChecksumResult;
import io.hostbridge.api.transfer.HostTransferApi;
import io.hostbridge.api.transfer.ReadableRegion;
import io.hostbridge.api.transfer.TicketOp;
import io.hostbridge.api.transfer.TransferException.Reason;
import io.hostbridge.api.transfer.TransferException;
import io.hostbridge.api.transfer.TransferExtent;
import io.hostbridge.api.transfer.TransferOperation;
import io.hostbridge.core.transfer.BlockHashing;
import io.hostbridge.core.transfer.TransferSettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** One data operation: range checks, cancellation, accounting and events around the backend's I/O. */
final class Operation implements TransferOperation {

    private final Ticket ticket;
    private final TicketOp op;
    private final long readable;
    private final TransferSettings settings;
    private final Optional<BlockHashing> hashing;
    private final EventPublisher events;
    private final AtomicBoolean closed = new AtomicBoolean();

    Operation(Ticket ticket, TicketOp op, long readable, TransferSettings settings, Optional<BlockHashing> hashing,
              EventPublisher events) {
        this.ticket = ticket;
        this.op = op;
        this.readable = readable;
        this.settings = settings;
        this.hashing = hashing;
        this.events = events;
    }

    @Override
    public void require(long offset, long length) {
        if (offset < 0 || length < 0) {
            throw TransferException.of(Reason.INVALID, "Offset and length must not be negative, got offset "
                    + offset + " and length " + length);
        }
        long limit = op == TicketOp.WRITE ? ticket.spec().size() : readable;
        if (offset + length > limit || offset + length < 0) {
            throw TransferException.range("Requested range out of allowed range: " + offset + "+" + length + " > "
                    + limit, limit);
        }
    }

    @Override
    public Optional<ReadableRegion> region(long offset, long length) {
        require(offset, length);
        checkCanceled();
        started();
        try {
            return ticket.backend().region(offset, length);
        } catch (IOException e) {
            throw failure(ticket, e);
        }
    }

    @Override
    public void sent(long bytes) {
        moved(bytes);
    }

    @Override
    public int read(long offset, ByteBuffer dst) {
        require(offset, Math.min(dst.remaining(), Math.max(0, readable - offset)));
        checkCanceled();
        ByteBuffer slice = dst.duplicate();
        slice.limit(slice.position() + (int) Math.min(dst.remaining(), readable - offset));
        started();
        try {
            int n = ticket.backend().read(offset, slice);
            dst.position(slice.position());
            moved(n);
            return n;
        } catch (IOException e) {
            throw failure(ticket, e);
        }
    }

    @Override
    public void write(long offset, ByteBuffer src) {
        writeAllowed();
        int n = src.remaining();
        require(offset, n);
        checkCanceled();
        started();
        try {
            ticket.backend().write(offset, src);
        } catch (IOException e) {
            throw failure(ticket, e);
        }
        moved(n);
    }

    @Override
    public void zero(long offset, long length, boolean flush) {
        writeAllowed();
        require(offset, length);
        checkCanceled();
        started();
        try {
            ticket.backend().zero(offset, length, ticket.sparse());
            if (flush) {
                ticket.backend().flush();
            }
        } catch (IOException e) {
            throw failure(ticket, e);
        }
        moved(length);
    }

    @Override
    public void flush() {
        writeAllowed();
        checkCanceled();
        try {
            ticket.backend().flush();
        } catch (IOException e) {
            throw failure(ticket, e);
        }
    }

    @Override
    public List<TransferExtent> extents(String context) {
        checkCanceled();
        if ("dirty".equals(context)) {
            if (!Boolean.TRUE.equals(ticket.spec().dirty())) {
                throw TransferException.of(Reason.NOT_FOUND, "The ticket does not support dirty extents");
            }
            if (!ticket.backend().hasDirtyExtents()) {
                throw TransferException.of(Reason.NOT_FOUND, "Dirty extents are not available for this image");
            }
            try {
                return ticket.backend().dirtyExtents(0, readable);
            } catch (IOException e) {
                throw failure(ticket, e);
            }
        }
        if (!"zero".equals(context)) {
            throw TransferException.of(Reason.INVALID, "Unsupported value for context: expecting one of zero, dirty");
        }
        try {
            return ticket.backend().extents(0, readable);
        } catch (IOException e) {
            throw failure(ticket, e);
        }
    }

    @Override
    public ChecksumResult checksum(String algorithm, Integer blockSize) {
        BlockHashing engine = hashing.orElseThrow(Operation::noChecksums);
        return new ImageChecksum(engine, settings.bufferSize()).compute(this, algorithm, blockSize);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            ticket.operationEnded();
        }
    }

    long readable() {
        return readable;
    }

    /** Reads for the checksum, without counting the bytes as transferred. */
    int readForChecksum(long offset, ByteBuffer dst) {
        checkCanceled();
        try {
            return ticket.backend().read(offset, dst);
        } catch (IOException e) {
            throw failure(ticket, e);
        }
    }

    private void writeAllowed() {
        if (op != TicketOp.WRITE) {
            throw DefaultImageTransfers.forbidden("This operation was started for reading");
        }
    }

    void checkCanceled() {
        if (ticket.canceled()) {
            throw DefaultImageTransfers.forbidden("The transfer was canceled");
        }
    }

    /** The first data operation of the ticket publishes {@code transfer.started}. */
    private void started() {
        if (ticket.firstData()) {
            events.publish(HostTransferApi.STARTED, ticket.name(), ticket.event());
        }
    }

    private void moved(long bytes) {
        if (ticket.account(bytes, settings.progressInterval())) {
            events.publish(HostTransferApi.PROGRESS, ticket.name(), ticket.event());
        }
    }

    static TransferException noChecksums() {
        return TransferException.of(Reason.UNAVAILABLE, "Checksums are not available on this agent");
    }

    /** An I/O failure: "canceled" when the ticket went away under it, else one the pipeline logs under an id. */
    static TransferException failure(Ticket ticket, IOException e) {
        if (ticket.canceled()) {
            return DefaultImageTransfers.forbidden("The transfer was canceled");
        }
        return TransferException.failed(e);
    }
}
