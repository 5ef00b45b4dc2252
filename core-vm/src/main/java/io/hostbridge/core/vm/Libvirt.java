package io.hostbridge.core.vm;

import org.libvirt.Domain;
import org.libvirt.Error;
import org.libvirt.LibvirtException;

/** Small helpers around libvirt's exceptions. */
final class Libvirt {
    private Libvirt() {
    }

    /** An action on a domain. */
    @FunctionalInterface
    interface DomainAction {
        void apply(Domain domain) throws LibvirtException;
    }

    /** A libvirt call without result. */
    @FunctionalInterface
    interface Action {
        void run() throws LibvirtException;
    }

    /** Runs {@code action}, ignoring the errors that say the domain is gone or not running already. */
    static void ignoringGone(Action action) throws LibvirtException {
        try {
            action.run();
        } catch (LibvirtException e) {
            if (!isGone(e)) {
                throw e;
            }
        }
    }

    static boolean isGone(LibvirtException e) {
        Error.ErrorNumber code = e.getError() == null ? null : e.getError().getCode();
        return code == Error.ErrorNumber.VIR_ERR_NO_DOMAIN || code == Error.ErrorNumber.VIR_ERR_OPERATION_INVALID;
    }

    static boolean isNoDomain(LibvirtException e) {
        return is(e, Error.ErrorNumber.VIR_ERR_NO_DOMAIN);
    }

    /** Whether libvirt's error is {@code number}. */
    static boolean is(LibvirtException e, Error.ErrorNumber number) {
        return e.getError() != null && e.getError().getCode() == number;
    }

    /** libvirt's own message, without the Java wrapper's prefix. */
    static String message(Exception e) {
        if (e instanceof LibvirtException l && l.getError() != null && l.getError().getMessage() != null) {
            return l.getError().getMessage();
        }
        return e.getMessage();
    }
}
