package io.hostbridge.core.vm;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.annotation.WireName;
import io.hostbridge.api.vm.VmInfo;
import io.hostbridge.api.vm.VmParams;
import io.hostbridge.api.vm.VmStatus;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamException;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/** Shared reads of a VM: its API view, its domain, the checks verbs make. */
final class VmViews {
    /** The port libvirt chose for the VNC display ({@code autoport}); -1 before QEMU runs. */
    private static final Pattern DISPLAY_PORT = Pattern.compile("<graphics type='(?:vnc|spice)' port='(-?\\d+)'");
    private static final Pattern SERIAL_PTY =
            Pattern.compile("<serial type=['\"]pty['\"]>\\s*<source path=['\"]([^'\"]+)['\"]");

    private VmViews() {
    }

    static VmInfo info(Vm vm) {
        VmParams p = vm.params();
        VmStatus status = vm.status();
        return new VmInfo(vm.id(), p.vmName(), status, vm.reason(), p.memSize(), p.vcpus(), p.kernel(), p.initrd(),
                p.kernelArgs(), p.drives(), p.nics(), p.hasConsole(), vm.consolePath(), p.custom(), vm.domainType(),
                vm.createTime().toString(), status == VmStatus.DOWN ? vm.exit() : null, p.display(),
                p.display() == null || vm.displayPort() == null ? null : DomainXml.DISPLAY_LISTEN, vm.displayPort());
    }

    /** A status as callers read it ("Powering up"), for messages. */
    static String wireName(VmStatus status) {
        try {
            WireName name = VmStatus.class.getField(status.name()).getAnnotation(WireName.class);
            return name != null ? name.value() : status.name();
        } catch (NoSuchFieldException e) {
            throw new AssertionError(e); // every constant is a field
        }
    }

    /** The VM's libvirt domain, or null when libvirt has none by its id. */
    static Domain domainOf(Vm vm, Connect c) throws LibvirtException {
        Domain domain = vm.domain();
        if (domain != null) {
            return domain;
        }
        try {
            return c.domainLookupByUUIDString(vm.id().toString());
        } catch (LibvirtException e) {
            if (Libvirt.isNoDomain(e)) {
                return null;
            }
            throw e;
        }
    }

    /** The VM's running domain; code 6 when it has none (down, or not launched yet). */
    static Domain running(Vm vm, LibvirtConnection libvirt) {
        VmStatus status = vm.status();
        if (status == VmStatus.DOWN || vm.removed()) {
            throw BridgeException.of(ErrorCode.DOWN, "VM " + vm.id() + " is down");
        }
        Domain domain;
        try {
            domain = Vm.RUNNING.contains(status) ? libvirt.call(c -> domainOf(vm, c)) : null;
        } catch (LibvirtException e) {
            throw BridgeException.failure(ErrorCode.GENERAL, "libvirt could not look up VM " + vm.id(), e);
        }
        if (domain == null) {
            throw BridgeException.of(ErrorCode.DOWN, "VM " + vm.id() + " is not running (" + wireName(status) + ")");
        }
        return domain;
    }

    /**
     * Whether libvirt still runs the VM's domain. Code 40 when libvirt is unreachable: a console or screenshot that
     * failed then did not fail because the VM stopped.
     */
    static boolean isRunning(Vm vm, LibvirtConnection libvirt) {
        try {
            return libvirt.call(c -> {
                Domain domain = domainOf(vm, c);
                return domain != null && domain.isActive() == 1;
            });
        } catch (LibvirtException e) {
            if (Libvirt.isGone(e)) {
                return false;
            }
            throw BridgeException.failure(ErrorCode.GENERAL, "libvirt could not tell whether VM " + vm.id()
                    + " runs", e);
        }
    }

    /** The devices of the VM's running domain, from libvirt's live XML. */
    static DomainDevices devices(Vm vm, Domain domain, LibvirtConnection libvirt) {
        try {
            return DomainDevices.parse(libvirt.call(c -> domain.getXMLDesc(0)));
        } catch (LibvirtException | XMLStreamException e) {
            if (e instanceof LibvirtException l && Libvirt.isNoDomain(l)) {
                throw BridgeException.of(ErrorCode.DOWN, "VM " + vm.id() + " is down");
            }
            throw BridgeException.failure(ErrorCode.GENERAL, "libvirt could not describe VM " + vm.id(), e);
        }
    }

    /** Code 6 when the VM is down, 51 while it migrates. */
    static Void requireRunning(Vm vm) {
        VmStatus status = vm.status();
        if (status == VmStatus.DOWN || vm.removed()) {
            throw BridgeException.of(ErrorCode.DOWN, "VM " + vm.id() + " is down");
        }
        if (status == VmStatus.MIGRATION_SOURCE || status == VmStatus.MIGRATION_DESTINATION) {
            throw BridgeException.of(ErrorCode.MIGRATION_IN_PROGRESS, "VM " + vm.id() + " is migrating ("
                    + status + "); wait for the migration to end or cancel it");
        }
        return null;
    }

    /**
     * Reads the pty libvirt gave the serial console and the port of the graphical console, once each, when the VM
     * has them and runs.
     */
    static void readConsolePath(Vm vm, LibvirtConnection libvirt) {
        Domain domain = vm.domain();
        boolean console = vm.params().hasConsole() && vm.consolePath() == null;
        boolean display = vm.params().display() != null && vm.displayPort() == null;
        if (!(console || display) || domain == null || !Vm.RUNNING.contains(vm.status())) {
            return;
        }
        try {
            String xml = libvirt.call(c -> domain.getXMLDesc(0));
            Matcher m = SERIAL_PTY.matcher(xml);
            if (console && m.find()) {
                vm.consolePath(m.group(1));
            }
            Matcher port = DISPLAY_PORT.matcher(xml);
            if (display && port.find() && Integer.parseInt(port.group(1)) > 0) {
                vm.displayPort(Integer.parseInt(port.group(1)));
            }
        } catch (LibvirtException | BridgeException e) {
            // not yet; the info says so by leaving them out
        }
    }
}
