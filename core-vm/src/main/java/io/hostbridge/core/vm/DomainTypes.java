package io.hostbridge.core.vm;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.regex.Pattern;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the libvirt domain type. {@code vm.domainType: auto} means: {@code test} on libvirt's test driver;
 * on QEMU {@code kvm} only when libvirt offers kvm for the host and this process can open {@code /dev/kvm}
 * and create a VM in it (KVM_CREATE_VM), else {@code qemu} (TCG, no hardware acceleration). Some hosts (nested
 * setups) pass both checks and still cannot run a guest under KVM; set {@code vm.domainType: qemu} there.
 */
final class DomainTypes {
    private static final Logger LOG = LoggerFactory.getLogger(DomainTypes.class);
    private static final Pattern KVM_OFFERED = Pattern.compile("<domain\\s+type=['\"]kvm['\"]");
    private static final int O_RDWR = 2;
    private static final int O_CLOEXEC = 0x80000;
    private static final long KVM_GET_API_VERSION = 0xAE00L;
    private static final long KVM_CREATE_VM = 0xAE01L;

    private DomainTypes() {
    }

    static String choose(String configured, Connect connect) throws LibvirtException {
        if (!"auto".equals(configured)) {
            return configured;
        }
        if ("TEST".equalsIgnoreCase(connect.getType())) {
            return "test";
        }
        boolean offered = KVM_OFFERED.matcher(connect.getCapabilities()).find();
        String type = offered && kvmUsable() ? "kvm" : "qemu";
        LOG.info("domain type {} (libvirt offers kvm: {})", type, offered);
        return type;
    }

    /** Opens /dev/kvm and asks for a VM, as QEMU would; false on any failure. */
    static boolean kvmUsable() {
        try {
            CLib c = Native.load("c", CLib.class);
            int fd = c.open("/dev/kvm", O_RDWR | O_CLOEXEC);
            if (fd < 0) {
                return false;
            }
            try {
                if (c.ioctl(fd, KVM_GET_API_VERSION, 0) != 12) {
                    return false;
                }
                int vm = c.ioctl(fd, KVM_CREATE_VM, 0);
                if (vm < 0) {
                    return false;
                }
                c.close(vm);
                return true;
            } finally {
                c.close(fd);
            }
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.debug("KVM probe failed", e);
            return false;
        }
    }

    /** The few libc calls the probe needs. */
    public interface CLib extends Library {
        int open(String path, int flags);

        int ioctl(int fd, long request, long arg);

        int close(int fd);
    }
}
