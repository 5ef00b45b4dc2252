package io.hostbridge.core.vm;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.Stream;

/**
 * {@code virDomainOpenConsole} on a blocking stream, with {@code VIR_DOMAIN_CONSOLE_SAFE}: libvirt itself lets one
 * client at a time hold a console (another gets "Active console session exists") unless it forces, which aborts
 * the holder's stream. So the agent's one-holder rule also holds against clients outside it, like virsh console.
 */
final class LibvirtConsoleOpener implements ConsoleOpener {

    @Override
    public DomainStream open(Connect connect, Domain domain, String devname, boolean force) throws LibvirtException {
        Stream stream = connect.streamNew(0);
        try {
            LibvirtNative.openConsole(domain, devname, stream,
                    LibvirtNative.CONSOLE_SAFE | (force ? LibvirtNative.CONSOLE_FORCE : 0));
        } catch (LibvirtException | RuntimeException e) {
            stream.free();
            throw e;
        }
        return new LibvirtStream(stream, "the console of domain " + domain.getUUIDString());
    }
}
