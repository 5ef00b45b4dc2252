package io.hostbridge.core.vm;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * Opens a running domain's console as a stream. The agent's is libvirt's ({@link LibvirtConsoleOpener}); a test
 * binds its own, since libvirt's test driver has no consoles.
 */
interface ConsoleOpener {

    /**
     * @param devname the console's alias, or null for the first one
     * @param force   take the console from another libvirt client that holds it (libvirt ends that client's stream)
     */
    DomainStream open(Connect connect, Domain domain, String devname, boolean force) throws LibvirtException;
}
