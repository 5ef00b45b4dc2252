package io.hostbridge.core.vm.internal;

import org.libvirt.Connect;
import org.libvirt.ErrorCallback;
import org.libvirt.LibvirtException;
import org.libvirt.Library;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libvirt's default event loop. It is process-wide in libvirt itself (one registration, before the first
 * connection that wants events), so it is started once per JVM and shared by every connection in it.
 */
public final class LibvirtEventLoop {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtEventLoop.class);
    /**
     * Silences libvirt's default printing of every error to stderr. Held here for ever: JNA frees a callback's
     * native stub when the Java object is collected, and libvirt would then call freed memory on the next error.
     */
    private static final ErrorCallback QUIET_ERRORS = new ErrorCallback();
    private static boolean started;

    private LibvirtEventLoop() {
    }

    /** Registers the event implementation and starts its thread, the first time only. */
    public static synchronized void ensureStarted() throws LibvirtException {
        if (started) {
            return;
        }
        // libvirt prints every error to stderr unless a handler is set; the agent reports them itself
        Connect.setErrorCallback(QUIET_ERRORS);
        Library.initEventLoop();
        Thread thread = new Thread(LibvirtEventLoop::run, "libvirt-event-loop");
        thread.setDaemon(true);
        thread.start();
        started = true;
    }

    private static void run() {
        while (true) {
            try {
                Library.runEventLoop();
            } catch (InterruptedException e) {
                return;
            } catch (LibvirtException | RuntimeException e) {
                LOG.warn("libvirt event loop iteration failed; continuing", e);
            }
        }
    }
}
