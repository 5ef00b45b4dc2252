package io.hostbridge.core.vm;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.spi.HealthCheck;
import io.hostbridge.api.spi.Lifecycle;
import io.hostbridge.bridge.ErrorIds;
import io.hostbridge.core.vm.internal.LibvirtEventLoop;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.libvirt.Connect;
import org.libvirt.Error;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's one connection to libvirt. Every libvirt call goes through {@link #call}: when the connection
 * is gone, calls fail at once with code 40 and a message saying so (why, only in the log), and the connection is
 * reopened in the background with growing delays; {@link Listener}s hear of every (re)connection, so event
 * registrations and VM states are renewed.
 */
@Singleton
public final class LibvirtConnection implements Lifecycle, HealthCheck {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtConnection.class);

    /** A libvirt call on the current connection. */
    @FunctionalInterface
    public interface Call<T> {
        T apply(Connect connect) throws LibvirtException;
    }

    /** Hears of (re)connections. */
    public interface Listener {
        /** The connection is open: register callbacks, reconcile state. Runs before any call is served on it. */
        void connected(Connect connect) throws LibvirtException;

        /** The agent closes the connection: deregister callbacks (they keep libvirt's connection alive). */
        default void closing(Connect connect) {
        }
    }

    private final VmSettings settings;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService reconnector = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "libvirt-reconnect");
        t.setDaemon(true);
        return t;
    });
    private volatile Connect connect;
    private volatile String domainType;
    private volatile boolean stopped;
    private Duration delay;
    private boolean reconnectScheduled;

    @Inject
    public LibvirtConnection(VmSettings settings) {
        this.settings = settings;
        this.delay = settings.reconnectDelay();
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public String uri() {
        return settings.libvirtUri();
    }

    @Override
    public String name() {
        return "libvirt";
    }

    @Override
    public void start() throws LibvirtException {
        LibvirtEventLoop.ensureStarted();
        if (!tryConnect()) {
            // the agent serves without libvirt; VM calls say it is unreachable until it is back
            scheduleReconnect();
        }
    }

    @Override
    public void stop() {
        stopped = true;
        reconnector.shutdownNow();
        Connect c = connect;
        connect = null;
        if (c != null) {
            for (Listener listener : listeners) {
                listener.closing(c);
            }
            try {
                c.unregisterCloseListener();
            } catch (LibvirtException | RuntimeException e) {
                LOG.debug("no close listener to unregister", e);
            }
            closeQuietly(c);
        }
    }

    /** Runs {@code call} on the connection; a lost connection becomes code 40 and starts reconnecting. */
    public <T> T call(Call<T> call) throws LibvirtException {
        Connect c = connect;
        if (c == null) {
            throw unavailable();
        }
        try {
            return call.apply(c);
        } catch (LibvirtException e) {
            if (isConnectionLost(e)) {
                lost(c, e.getMessage());
                throw unavailable();
            }
            throw e;
        }
    }

    /** True when libvirt answers on the current connection. */
    public boolean connected() {
        return connect != null;
    }

    /** The libvirt domain type VMs get ({@code test}, {@code kvm}, {@code qemu}); code 40 before the first connection. */
    public String domainType() {
        String type = domainType;
        if (type == null) {
            throw unavailable();
        }
        return type;
    }

    /** The connection's driver type, e.g. {@code TEST} or {@code QEMU}. */
    public String driverType() throws LibvirtException {
        return call(Connect::getType);
    }

    @Override
    public Result check() {
        // the URI (a socket path) and libvirt's words are for the log (written when the connection failed)
        Connect c = connect;
        if (c == null) {
            return Result.unhealthy("libvirt is unreachable; the agent reconnects by itself (its log says why)");
        }
        try {
            int domains = call(Connect::numOfDomains);
            return Result.healthy("connected to libvirt (" + domains + " running domains)");
        } catch (LibvirtException | BridgeException e) {
            return Result.unhealthy("libvirt does not answer; the agent's log has the details under error id "
                    + ErrorIds.record("the libvirt health check", e));
        }
    }

    private static BridgeException unavailable() {
        return BridgeException.of(ErrorCode.UNAVAILABLE, "libvirt is unreachable; the agent reconnects by itself"
                + " (its log says why), try again later");
    }

    static boolean isConnectionLost(LibvirtException e) {
        Error error = e.getError();
        if (error == null) {
            return false;
        }
        Error.ErrorNumber code = error.getCode();
        return code == Error.ErrorNumber.VIR_ERR_NO_CONNECT || code == Error.ErrorNumber.VIR_ERR_INVALID_CONN
                || error.getDomain() == Error.ErrorDomain.VIR_FROM_RPC
                && (code == Error.ErrorNumber.VIR_ERR_SYSTEM_ERROR || code == Error.ErrorNumber.VIR_ERR_RPC
                || code == Error.ErrorNumber.VIR_ERR_INTERNAL_ERROR);
    }

    private synchronized boolean tryConnect() {
        if (stopped || connect != null) {
            return true;
        }
        Connect c;
        try {
            c = new Connect(settings.libvirtUri());
        } catch (LibvirtException e) {
            LOG.warn("cannot connect to libvirt at {}: {}", settings.libvirtUri(), e.getMessage());
            return false;
        }
        try {
            domainType = DomainTypes.choose(settings.domainType(), c);
            if (!settings.libvirtUri().startsWith("test:")) {
                // only a connection to a daemon can be lost; the test driver runs in this process
                c.registerCloseListener((closed, reason) -> confirmLost(c, "connection closed: " + reason));
            }
            for (Listener listener : listeners) {
                listener.connected(c);
            }
        } catch (LibvirtException | RuntimeException e) {
            LOG.warn("connected to libvirt at {} but could not set up: {}", settings.libvirtUri(), e.getMessage());
            closeQuietly(c);
            return false;
        }
        connect = c;
        delay = settings.reconnectDelay();
        LOG.info("connected to libvirt at {}", settings.libvirtUri());
        return true;
    }

    /** A close notice: probe before believing it (a live connection answers), off libvirt's event thread. */
    private void confirmLost(Connect c, String why) {
        try {
            reconnector.execute(() -> {
                try {
                    c.numOfDomains();
                    LOG.debug("libvirt at {} reported a close ({}) but still answers", settings.libvirtUri(), why);
                } catch (LibvirtException | RuntimeException e) {
                    lost(c, why);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping
        }
    }

    private synchronized void lost(Connect c, String why) {
        if (stopped || connect != c || c == null) {
            return;
        }
        connect = null;
        LOG.warn("lost the connection to libvirt at {}: {}; reconnecting", settings.libvirtUri(), why);
        reconnector.execute(() -> closeQuietly(c));
        scheduleReconnect();
    }

    private synchronized void scheduleReconnect() {
        if (stopped || reconnectScheduled) {
            return;
        }
        reconnectScheduled = true;
        Duration wait = delay;
        delay = delay.multipliedBy(2).compareTo(settings.maxReconnectDelay()) > 0 ? settings.maxReconnectDelay()
                : delay.multipliedBy(2);
        reconnector.schedule(() -> {
            synchronized (this) {
                reconnectScheduled = false;
            }
            if (!tryConnect()) {
                scheduleReconnect();
            }
        }, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void closeQuietly(Connect c) {
        try {
            c.close();
        } catch (LibvirtException | RuntimeException e) {
            LOG.debug("closing a libvirt connection failed", e);
        }
    }
}
