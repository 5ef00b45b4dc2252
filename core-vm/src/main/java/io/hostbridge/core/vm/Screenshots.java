package io.hostbridge.core.vm;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.libvirt.Domain;
import org.libvirt.Error;
import org.libvirt.LibvirtException;
import org.libvirt.Stream;

/**
 * {@code VM.screenshot}: libvirt takes the picture in the verb (so a refusal is the call's error), the stream's
 * handler delivers it as PNG.
 */
@Singleton
final class Screenshots {
    private final LibvirtConnection libvirt;

    @Inject
    Screenshots(LibvirtConnection libvirt) {
        this.libvirt = libvirt;
    }

    ScreenshotHandler take(Vm vm, int screen) {
        Domain domain = VmViews.running(vm, libvirt);
        try {
            return libvirt.call(c -> {
                Stream stream = c.streamNew(0);
                try {
                    String mime = domain.screenshot(stream, screen);
                    return new ScreenshotHandler(vm.id(), new LibvirtStream(stream, "the screenshot of VM " + vm.id()),
                            mime);
                } catch (LibvirtException | RuntimeException e) {
                    stream.free();
                    throw e;
                }
            });
        } catch (LibvirtException e) {
            throw refused(vm, domain, screen, e);
        }
    }

    /**
     * Why libvirt refused, in the caller's terms: QEMU refuses a VM without a video device and a screen it does not
     * have with the same codes as other failures, so the VM's devices decide what to say.
     */
    private BridgeException refused(Vm vm, Domain domain, int screen, LibvirtException e) {
        Error.ErrorNumber code = e.getError() == null ? null : e.getError().getCode();
        if (code == Error.ErrorNumber.VIR_ERR_NO_SUPPORT) {
            return BridgeException.of(ErrorCode.GENERAL, "This host's libvirt driver takes no screenshots");
        }
        if (!VmViews.isRunning(vm, libvirt)) {
            return BridgeException.of(ErrorCode.DOWN, "VM " + vm.id() + " is down");
        }
        int screens = VmViews.devices(vm, domain, libvirt).screens();
        if (screens == 0) {
            return BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "vmID", "VM " + vm.id() + " has no"
                    + " display (no video device): there is no screen to take");
        }
        if (screen >= screens) {
            return BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "screen", "VM " + vm.id() + " has "
                    + screens + (screens == 1 ? " screen (0)" : " screens (0 to " + (screens - 1) + ")"));
        }
        return BridgeException.failure(ErrorCode.GENERAL, "libvirt could not take a screenshot of VM " + vm.id(), e);
    }
}
