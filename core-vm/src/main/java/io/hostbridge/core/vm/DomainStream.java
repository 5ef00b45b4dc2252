package io.hostbridge.core.vm;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A libvirt data stream of a domain (its console, a screenshot) as the VM's stream handlers use it: blocking reads
 * and writes, which {@link #abort} from another thread ends at once. The agent's is {@link LibvirtStream}; tests of
 * the console give their own, since libvirt's test driver has no consoles.
 */
interface DomainStream {

    /**
     * Waits for data and reads some into {@code buffer}.
     *
     * @return the bytes read, or -1 at the end of the stream (a console: the VM's QEMU closed it)
     * @throws IOException libvirt's error, for the log (its words may name host paths), or the stream was ended
     */
    int read(byte[] buffer) throws IOException;

    /** Writes all of {@code data}. */
    void write(ByteBuffer data) throws IOException;

    /** Ends the stream well (flushing what was written); a read waiting in another thread ends. Quiet. */
    void finish();

    /** Ends the stream at once; a read or write waiting in another thread ends. Quiet; idempotent. */
    void abort();

    /** Releases it, once no thread uses it any more (after {@link #finish} or {@link #abort}). */
    void close();
}
