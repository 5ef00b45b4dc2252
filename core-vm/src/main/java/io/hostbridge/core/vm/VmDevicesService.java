package io.hostbridge.core.vm;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.vm.CdromSpec;
import io.hostbridge.api.vm.DriveDevice;
import io.hostbridge.api.vm.ExternalDataKind;
import io.hostbridge.api.vm.HotplugDiskParams;
import io.hostbridge.api.vm.HotplugMemoryParams;
import io.hostbridge.api.vm.HotplugNicParams;
import io.hostbridge.api.vm.MemoryDevice;
import io.hostbridge.api.vm.TicketConflictAction;
import io.hostbridge.api.vm.VmDevicesApi;
import io.hostbridge.api.vm.VmExternalData;
import io.hostbridge.api.vm.VmDrive;
import io.hostbridge.api.vm.VmInfo;
import io.hostbridge.api.vm.VmNic;
import io.hostbridge.api.vm.VmParams;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Disks and NICs plugged into and out of a running VM, in the VM's turn. The VM's parameters (and its stored record)
 * follow each change, with every drive's guest device name pinned, so that VM.getInfo, the in-use checks and
 * recovery after a restart see the devices the domain has.
 */
@Singleton
final class VmDevicesService implements VmDevicesApi {
    /** x86 Linux onlines memory in 128 MiB blocks: a module of another size leaves part of it unusable. */
    static final int MEMORY_BLOCK_MIB = 128;
    private static final Logger LOG = LoggerFactory.getLogger(VmDevicesService.class);
    /** {@code VIR_DOMAIN_AFFECT_LIVE}. */
    private static final int AFFECT_LIVE = 1;
    /** How long an unplug waits for the guest to let the device go. */
    static final Duration UNPLUG_WAIT = Duration.ofSeconds(30);

    private final VmRegistry registry;
    private final DomainCalls domains;
    private final VmFiles files;
    private final Drives drives;
    private final VmStore store;
    private final LibvirtConnection libvirt;

    @Inject
    VmDevicesService(VmRegistry registry, DomainCalls domains, VmFiles files, Drives drives, VmStore store,
                     LibvirtConnection libvirt) {
        this.registry = registry;
        this.domains = domains;
        this.files = files;
        this.drives = drives;
        this.store = store;
        this.libvirt = libvirt;
    }

    @Override
    public VmInfo hotplugDisk(UUID vmID, HotplugDiskParams params) {
        Vm vm = vmOf(vmID, params.vmId());
        VmDrive given = files.drive(params.drive(), "params.drive");
        return domains.call(vm, "hotplugDisk", domain -> {
            Set<String> taken = new HashSet<>(vm.driveTargets());
            String name = given.name() != null ? given.name() : DomainXml.free(VmDrive.prefix(given.bus()), taken);
            if (taken.contains(name)) {
                throw invalid("params.drive.name", "the VM has a drive " + name + " already");
            }
            DomainXml.Drive drive = drives.resolve(given.withName(name), "params.drive");
            if (vm.drivePaths().contains(Path.of(drive.path()))) {
                throw invalid("params.drive", "the VM has this drive already");
            }
            domain.attachDeviceFlags(DomainXml.disk(drive, name), AFFECT_LIVE);
            List<VmDrive> stored = pinned(vm);
            stored.add(given.withName(name));
            List<DomainXml.Drive> resolved = new ArrayList<>(vm.drives());
            resolved.add(drive);
            update(vm, vm.params().withDevices(stored, vm.params().nics()), resolved);
            LOG.info("VM {}: drive {} plugged in", vmID, name);
            return VmViews.info(vm);
        });
    }

    @Override
    public VmInfo hotunplugDisk(UUID vmID, HotplugDiskParams params) {
        Vm vm = vmOf(vmID, params.vmId());
        VmDrive given = files.drive(params.drive(), "params.drive");
        return domains.call(vm, "hotunplugDisk", domain -> {
            Path path = Path.of(drives.resolve(given, "params.drive").path());
            int index = vm.drivePaths().indexOf(path);
            if (index < 0) {
                throw invalid("params.drive", "the VM has no such drive");
            }
            String target = vm.driveTargets().get(index);
            domain.detachDeviceFlags(DomainXml.disk(vm.drives().get(index), target), AFFECT_LIVE);
            awaitGone(vm, domain, "<target dev='" + target + "'", "drive " + target);
            List<VmDrive> stored = pinned(vm);
            stored.remove(index);
            List<DomainXml.Drive> resolved = new ArrayList<>(vm.drives());
            resolved.remove(index);
            update(vm, vm.params().withDevices(stored, vm.params().nics()), resolved);
            LOG.info("VM {}: drive {} unplugged", vmID, target);
            return VmViews.info(vm);
        });
    }

    @Override
    public VmInfo hotplugNic(UUID vmID, HotplugNicParams params) {
        Vm vm = vmOf(vmID, params.vmId());
        VmNic nic = VmFactory.withMac(params.nic());
        return domains.call(vm, "hotplugNic", domain -> {
            if (indexOf(vm, nic.macAddr()) >= 0) {
                throw invalid("params.nic.macAddr", "the VM has a NIC with MAC address " + nic.macAddr() + " already");
            }
            domain.attachDeviceFlags(DomainXml.nic(nic), AFFECT_LIVE);
            List<VmNic> nics = new ArrayList<>(vm.params().nics());
            nics.add(nic);
            update(vm, vm.params().withDevices(pinned(vm), nics), vm.drives());
            LOG.info("VM {}: NIC {} plugged in", vmID, nic.macAddr());
            return VmViews.info(vm);
        });
    }

    @Override
    public VmInfo hotunplugNic(UUID vmID, HotplugNicParams params) {
        Vm vm = vmOf(vmID, params.vmId());
        if (params.nic().macAddr() == null) {
            throw invalid("params.nic.macAddr", "name the NIC to unplug by its MAC address");
        }
        return domains.call(vm, "hotunplugNic", domain -> {
            int index = indexOf(vm, params.nic().macAddr());
            if (index < 0) {
                throw invalid("params.nic.macAddr", "the VM has no NIC with MAC address " + params.nic().macAddr());
            }
            VmNic nic = vm.params().nics().get(index);
            domain.detachDeviceFlags(DomainXml.nic(nic), AFFECT_LIVE);
            awaitGone(vm, domain, "<mac address='" + nic.macAddr().toLowerCase(Locale.ROOT) + "'",
                    "NIC " + nic.macAddr());
            List<VmNic> nics = new ArrayList<>(vm.params().nics());
            nics.remove(index);
            update(vm, vm.params().withDevices(pinned(vm), nics), vm.drives());
            LOG.info("VM {}: NIC {} unplugged", vmID, nic.macAddr());
            return VmViews.info(vm);
        });
    }

    /** One plugged memory module, from the live XML. */
    private record Dimm(String alias, long mib, int node) {
    }

    /** The running domain's devices, from its live XML. */
    private static XmlTree liveDevices(Domain domain) throws LibvirtException {
        try {
            return XmlTree.parse(domain.getXMLDesc(0)).child("devices").orElseThrow();
        } catch (javax.xml.stream.XMLStreamException | RuntimeException e) {
            throw BridgeException.failure(ErrorCode.GENERAL, "the VM's devices cannot be read", e);
        }
    }

    private static List<Dimm> dimms(Domain domain) throws LibvirtException {
        List<Dimm> out = new ArrayList<>();
        XmlTree devices = liveDevices(domain);
        try {
            for (XmlTree m : devices.children) {
                if (m.name.equals("memory") && "dimm".equals(m.attrs.get("model"))) {
                    XmlTree target = m.child("target").orElseThrow();
                    XmlTree size = target.child("size").orElseThrow();
                    long value = Long.parseLong(size.text.strip());
                    String unit = size.attrs.getOrDefault("unit", "KiB");
                    long mib = unit.equals("KiB") ? value / 1024 : unit.equals("GiB") ? value * 1024 : value;
                    out.add(new Dimm(m.child("alias").map(a -> a.attrs.get("name")).orElse(null), mib,
                            target.child("node").map(n -> Integer.parseInt(n.text.strip())).orElse(0)));
                }
            }
        } catch (RuntimeException e) {
            throw BridgeException.failure(ErrorCode.GENERAL, "the VM's memory modules cannot be read", e);
        }
        return out;
    }

    @Override
    public VmInfo hotplugMemory(UUID vmID, HotplugMemoryParams params) {
        Vm vm = vmOf(vmID, params.vmId());
        MemoryDevice memory = params.memory();
        if (memory.size() % MEMORY_BLOCK_MIB != 0) {
            throw invalid("params.memory.size", "must be a multiple of " + MEMORY_BLOCK_MIB + " MiB");
        }
        Integer max = vm.params().maxMemSize();
        if (max == null) {
            throw invalid("vmID", "VM " + vmID + " was created without maxMemSize: it has no room for more memory");
        }
        return domains.call(vm, "hotplugMemory", domain -> {
            int now = vm.params().memSize();
            if (now + memory.size() > max) {
                throw invalid("params.memory.size", "the VM has " + now + " MiB of at most " + max + " MiB");
            }
            if (dimms(domain).size() >= vm.params().memSlots()) {
                throw invalid("params.memory", "all " + vm.params().memSlots() + " memory slots are taken");
            }
            domain.attachDeviceFlags(DomainXml.dimm(memory.size(), 0, null), AFFECT_LIVE);
            update(vm, vm.params().withMemSize(now + memory.size()), vm.drives());
            LOG.info("VM {}: {} MiB of memory plugged in", vmID, memory.size());
            return VmViews.info(vm);
        });
    }

    @Override
    public VmInfo hotunplugMemory(UUID vmID, HotplugMemoryParams params) {
        Vm vm = vmOf(vmID, params.vmId());
        MemoryDevice memory = params.memory();
        return domains.call(vm, "hotunplugMemory", domain -> {
            Dimm dimm = dimms(domain).stream().filter(d -> memory.alias() != null ? memory.alias().equals(d.alias())
                    : d.mib() == memory.size()).findFirst().orElseThrow(() -> invalid("params.memory", "the VM has no"
                            + " plugged memory module " + (memory.alias() != null ? "named " + memory.alias()
                            : "of " + memory.size() + " MiB")));
            domain.detachDeviceFlags(DomainXml.dimm((int) dimm.mib(), dimm.node(), dimm.alias()), AFFECT_LIVE);
            awaitGone(vm, domain, "<alias name='" + dimm.alias() + "'/>", "memory module " + dimm.alias());
            update(vm, vm.params().withMemSize(vm.params().memSize() - (int) dimm.mib()), vm.drives());
            LOG.info("VM {}: memory module {} ({} MiB) unplugged", vmID, dimm.alias(), dimm.mib());
            return VmViews.info(vm);
        });
    }

    /** Where libvirt (qemu:///system) keeps each VM's TPM state: swtpm's storage, by the domain's UUID. */
    static final Path SWTPM_STATE = Path.of("/var/lib/libvirt/swtpm");

    @Override
    public VmExternalData getExternalData(UUID vmID, ExternalDataKind kind, String lastHash, boolean forceUpdate) {
        Vm vm = registry.require(vmID);
        String xml = domains.call(vm, "getExternalData", domain -> domain.getXMLDesc(0));
        try {
            XmlTree root = XmlTree.parse(xml);
            if (kind == ExternalDataKind.NVRAM) {
                String nvram = root.child("os").flatMap(os -> os.child("nvram")).map(n -> n.text.strip())
                        .filter(t -> !t.isEmpty()).orElseThrow(() -> BridgeException.of(
                                ErrorCode.EXTERNAL_DATA_FAILED, "VM " + vmID + " has no UEFI variables (NVRAM):"
                                        + " it was not created with firmware efi"));
                return ExternalData.result(ExternalData.nvram(Path.of(nvram)), lastHash);
            }
            boolean tpm = root.child("devices").map(d -> d.children.stream().anyMatch(c -> c.name.equals("tpm")))
                    .orElse(false);
            Path state = SWTPM_STATE.resolve(vmID.toString()).resolve("tpm2");
            if (!tpm || !Files.isDirectory(state)) {
                throw BridgeException.of(ErrorCode.EXTERNAL_DATA_FAILED, "VM " + vmID + " has no TPM state: it was"
                        + " not created with tpm, or not on the system libvirt daemon");
            }
            return ExternalData.result(ExternalData.tpm(state), lastHash);
        } catch (java.io.IOException | javax.xml.stream.XMLStreamException e) {
            throw BridgeException.failure(ErrorCode.EXTERNAL_DATA_FAILED, "VM " + vmID + "'s " + kind.name()
                    .toLowerCase(Locale.ROOT) + " data cannot be read", e);
        }
    }

    @Override
    public void setTicket(UUID vmID, String password, int ttl, TicketConflictAction existingConnAction,
                          java.util.Map<String, String> params) {
        Vm vm = registry.require(vmID);
        if (vm.params().display() == null) {
            throw invalid("vmID", "VM " + vmID + " has no graphical console (vmParams.display)");
        }
        if (password.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw invalid("password", "must not hold control characters"); // the password itself is never echoed
        }
        domains.call(vm, "setTicket", domain -> {
            VmViews.readConsolePath(vm, libvirt);
            Integer port = vm.displayPort();
            if (port == null) {
                throw BridgeException.of(ErrorCode.GENERAL, "VM " + vmID + ": its display has no port yet");
            }
            try {
                domain.updateDeviceFlags(DomainXml.displayTicket(vm.params().display(), port, password,
                        Instant.now().plusSeconds(ttl), existingConnAction == null ? "disconnect"
                                : existingConnAction.name().toLowerCase(Locale.ROOT)), AFFECT_LIVE);
            } catch (LibvirtException e) {
                // the device XML holds the password: libvirt's words about it are not logged, only its error code
                throw BridgeException.of(ErrorCode.GENERAL, "libvirt refused the display password of VM " + vmID
                        + " (libvirt error " + (e.getError() == null ? "unknown" : e.getError().getCode()) + ")");
            }
            return null;
        });
        LOG.info("VM {}: display password set, valid for {} s", vmID, ttl);
    }

    @Override
    public VmInfo changeCD(UUID vmID, CdromSpec driveSpec) {
        return changeMedium(vmID, driveSpec, DriveDevice.CDROM, "changeCD");
    }

    @Override
    public VmInfo changeFloppy(UUID vmID, CdromSpec driveSpec) {
        return changeMedium(vmID, driveSpec, DriveDevice.FLOPPY, "changeFloppy");
    }

    /** A removable drive's new medium (or none), live; the VM's record follows. */
    private VmInfo changeMedium(UUID vmID, CdromSpec driveSpec, DriveDevice kind, String verb) {
        Vm vm = registry.require(vmID);
        return domains.call(vm, verb, domain -> {
            int index = removable(vm, driveSpec.name(), kind);
            String target = vm.driveTargets().get(index);
            VmDrive current = vm.params().drives().get(index);
            VmDrive next = driveSpec.eject()
                    ? new VmDrive(null, null, null, null, null, current.iface(), current.readonly(), kind, target)
                    : files.drive(new VmDrive(driveSpec.path(), driveSpec.domainID(), driveSpec.imageID(),
                    driveSpec.volumeID(), null, current.iface(), current.readonly(), kind, target), "driveSpec");
            DomainXml.Drive medium = drives.resolve(next, "driveSpec");
            domain.updateDeviceFlags(DomainXml.disk(medium, target), AFFECT_LIVE);
            List<VmDrive> stored = pinned(vm);
            stored.set(index, next);
            List<DomainXml.Drive> resolved = new ArrayList<>(vm.drives());
            resolved.set(index, medium);
            update(vm, vm.params().withDevices(stored, vm.params().nics()), resolved);
            LOG.info("VM {}: {} {} {}", vmID, kind == DriveDevice.CDROM ? "CD-ROM" : "floppy", target,
                    driveSpec.eject() ? "ejected" : "changed");
            return VmViews.info(vm);
        });
    }

    /** The removable drive of {@code kind} {@code name} names, or the VM's first one. */
    private static int removable(Vm vm, String name, DriveDevice kind) {
        String what = kind == DriveDevice.CDROM ? "CD-ROM" : "floppy drive";
        for (int i = 0; i < vm.drives().size(); i++) {
            if (vm.drives().get(i).device() == kind && (name == null || name.equals(vm.driveTargets().get(i)))) {
                return i;
            }
        }
        throw invalid("driveSpec" + (name == null ? "" : ".name"), "the VM has no " + what + (name == null ? ""
                : " named " + name));
    }

    @Override
    public VmInfo updateDevice(UUID vmID, io.hostbridge.api.vm.UpdateDeviceParams params) {
        if (params.deviceType().equals("disk")) {
            Vm vm = registry.require(vmID);
            String name = params.driveSpec().name();
            DriveDevice kind = DriveDevice.CDROM;
            for (int i = 0; name != null && i < vm.drives().size(); i++) {
                if (name.equals(vm.driveTargets().get(i))) {
                    kind = vm.drives().get(i).device();
                }
            }
            if (!kind.removable()) {
                throw invalid("params.driveSpec.name", "drive " + name + " takes no removable medium");
            }
            return changeMedium(vmID, params.driveSpec(), kind, "updateDevice");
        }
        Vm vm = registry.require(vmID);
        return domains.call(vm, "updateDevice", domain -> {
            int index = indexOf(vm, params.macAddr());
            if (index < 0) {
                throw invalid("params.macAddr", "the VM has no NIC with MAC address " + params.macAddr());
            }
            VmNic nic = vm.params().nics().get(index);
            if (params.network() != null && nic.type() != io.hostbridge.api.vm.NicType.BRIDGE) {
                throw invalid("params.network", "NIC " + params.macAddr() + " is not on a host bridge: it has no"
                        + " network to change");
            }
            VmNic next = params.network() == null ? nic
                    : new VmNic(nic.type(), params.network(), nic.nicModel(), nic.macAddr());
            boolean linkUp = params.linkActive() != null ? params.linkActive() : linkUp(domain, nic.macAddr());
            domain.updateDeviceFlags(DomainXml.nic(next, linkUp), AFFECT_LIVE);
            if (next != nic) {
                List<VmNic> nics = new ArrayList<>(vm.params().nics());
                nics.set(index, next);
                update(vm, vm.params().withDevices(pinned(vm), nics), vm.drives());
            }
            LOG.info("VM {}: NIC {} link {}{}", vmID, params.macAddr(), linkUp ? "up" : "down",
                    params.network() == null ? "" : ", on bridge " + params.network());
            return VmViews.info(vm);
        });
    }

    /** Whether the NIC's link is up now, as the live XML says (up unless it says down). */
    private static boolean linkUp(Domain domain, String mac) throws LibvirtException {
        for (XmlTree nic : liveDevices(domain).children) {
            boolean ours = nic.name.equals("interface") && nic.child("mac").map(m -> mac.equalsIgnoreCase(
                    m.attrs.get("address"))).orElse(false);
            if (ours) {
                return nic.child("link").map(l -> !"down".equals(l.attrs.get("state"))).orElse(true);
            }
        }
        return true;
    }

    private Vm vmOf(UUID vmID, UUID paramsVmId) {
        if (paramsVmId != null && !paramsVmId.equals(vmID)) {
            throw invalid("params.vmId", "must equal vmID when given");
        }
        return registry.require(vmID);
    }

    private static int indexOf(Vm vm, String mac) {
        List<VmNic> nics = vm.params().nics();
        for (int i = 0; i < nics.size(); i++) {
            if (nics.get(i).macAddr() != null && nics.get(i).macAddr().equalsIgnoreCase(mac)) {
                return i;
            }
        }
        return -1;
    }

    /** The VM's drives as stored, each with the guest device name it has now, so that none changes later. */
    static List<VmDrive> pinned(Vm vm) {
        List<VmDrive> out = new ArrayList<>();
        List<VmDrive> stored = vm.params().drives();
        for (int i = 0; i < stored.size(); i++) {
            out.add(stored.get(i).withName(vm.driveTargets().get(i)));
        }
        return out;
    }

    /** The VM's devices from now on: in memory, then in its stored record (what recovery reads). */
    void update(Vm vm, VmParams params, List<DomainXml.Drive> resolved) {
        List<DomainXml.Drive> named = new ArrayList<>();
        for (int i = 0; i < resolved.size(); i++) {
            DomainXml.Drive d = resolved.get(i);
            named.add(new DomainXml.Drive(d.path(), d.format(), d.iface(), d.readonly(), d.device(),
                    params.drives().get(i).name()));
        }
        vm.devices(params, named);
        store.save(new VmStore.Record(vm.id(), params, vm.domainType(), vm.createTime(), false));
    }

    /**
     * Waits until the live domain XML no longer holds {@code marker}: QEMU removes a device only once the guest has
     * let it go, after libvirt's detach call has returned.
     */
    private static void awaitGone(Vm vm, Domain domain, String marker, String what) throws LibvirtException {
        Instant deadline = Instant.now().plus(UNPLUG_WAIT);
        while (domain.getXMLDesc(0).contains(marker)) {
            if (Instant.now().isAfter(deadline)) {
                throw BridgeException.of(ErrorCode.GENERAL, "VM " + vm.id() + ": the guest did not release " + what
                        + " within " + UNPLUG_WAIT.toSeconds() + " s; it is still plugged in");
            }
            try {
                Thread.sleep(100); // QEMU has no cheaper way to ask; the poll holds only this VM's turn
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw BridgeException.of(ErrorCode.GENERAL, "VM " + vm.id() + ": interrupted waiting for " + what);
            }
        }
    }

    private static BridgeException invalid(String path, String rule) {
        return BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, path, "Invalid parameter '" + path + "': "
                + rule);
    }
}
