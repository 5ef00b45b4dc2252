package io.hostbridge.core.vm;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.vm.VmNic;
import io.hostbridge.api.vm.VmParams;
import io.hostbridge.api.vm.VmStatus;
import io.hostbridge.api.vm.VmStatusEvent;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.libvirt.LibvirtException;

/** Makes VMs: checks what a create asks for, fills in what it leaves to the agent, registers and stores the VM. */
@Singleton
final class VmFactory {

    private final VmRegistry registry;
    private final VmStore store;
    private final Drives drives;
    private final LibvirtConnection libvirt;
    private final VmEvents events;
    private final VmThreads threads;
    private final VmFiles files;

    @Inject
    VmFactory(VmRegistry registry, VmStore store, Drives drives, LibvirtConnection libvirt, VmEvents events,
              VmThreads threads, VmFiles files) {
        this.registry = registry;
        this.store = store;
        this.drives = drives;
        this.libvirt = libvirt;
        this.events = events;
        this.threads = threads;
        this.files = files;
    }

    /** Checks, registers and stores a new VM in status {@code initial}, and publishes that status. */
    Vm register(UUID vmID, VmParams params, VmStatus initial, String reason, boolean incoming) {
        if (params.vmId() != null && !params.vmId().equals(vmID)) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "vmParams.vmId",
                    "Invalid parameter 'vmParams.vmId': must equal vmID (" + vmID + ") when given");
        }
        checkCustom(params.custom());
        if (registry.find(vmID).isPresent()) {
            throw BridgeException.of(ErrorCode.EXIST, "VM " + vmID + " already exists on this host");
        }
        String type = libvirt.domainType();
        VmParams checked = files.check(params);
        List<DomainXml.Drive> resolved = drives.resolve(checked.drives());
        VmParams full = withMacs(checked.withVmId(vmID));
        checkNoClash(vmID, full.vmName(), incoming);
        Vm vm = vm(new VmStore.Record(vmID, full, type, Instant.now().truncatedTo(ChronoUnit.MILLIS), incoming),
                resolved, initial);
        try {
            DomainXml.build(vmID, full, type, resolved); // fails here, not at launch, on what XML cannot carry
        } catch (IllegalArgumentException e) {
            throw invalid("vmParams", e.getMessage());
        }
        registry.add(vm);
        try {
            store.save(new VmStore.Record(vmID, full, type, vm.createTime(), incoming));
        } catch (RuntimeException e) {
            registry.remove(vm);
            throw e;
        }
        events.status(new VmStatusEvent(vmID, initial, reason, null, null, null));
        return vm;
    }

    /** A VM object for a stored record (recovery), not yet registered. */
    Vm vm(VmStore.Record record, List<DomainXml.Drive> resolved, VmStatus initial) {
        return new Vm(record.vmId(), record.params(), record.domainType(), record.createTime(), resolved,
                new SerialQueue(threads.pool(), "VM " + record.vmId()), initial, events::status);
    }

    List<DomainXml.Drive> drives(VmParams params) {
        return drives.resolve(params.drives());
    }

    String xml(Vm vm) {
        return DomainXml.build(vm.id(), vm.params(), vm.domainType(), vm.drives());
    }

    private void checkNoClash(UUID vmID, String name, boolean incoming) {
        try {
            libvirt.call(c -> {
                if (exists(() -> c.domainLookupByUUIDString(vmID.toString()))) {
                    throw BridgeException.of(ErrorCode.EXIST, "libvirt already has a domain with id " + vmID);
                }
                if (!incoming && exists(() -> c.domainLookupByName(name))) {
                    throw BridgeException.forParameter(ErrorCode.CREATE_ERR, "vmParams.vmName", "libvirt already has a"
                            + " domain named '" + name + "'; choose another vmName");
                }
                return null;
            });
        } catch (LibvirtException e) {
            throw BridgeException.failure(ErrorCode.CREATE_ERR, "cannot check libvirt's domains", e);
        }
    }

    private interface Lookup {
        Object find() throws LibvirtException;
    }

    private static boolean exists(Lookup lookup) throws LibvirtException {
        try {
            lookup.find();
            return true;
        } catch (LibvirtException e) {
            if (Libvirt.isNoDomain(e)) {
                return false;
            }
            throw e;
        }
    }

    /** What the declaration cannot say (its sizes are declared and checked by the bridge). */
    private static void checkCustom(Map<String, String> custom) {
        for (Map.Entry<String, String> e : custom.entrySet()) {
            if (e.getKey().isEmpty()) {
                throw invalid("vmParams.custom", "keys must not be empty");
            }
            if ((e.getKey() + e.getValue()).chars().anyMatch(ch -> ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r')) {
                throw invalid("vmParams.custom", "keys and values must not hold control characters");
            }
        }
    }

    private static BridgeException invalid(String path, String rule) {
        return BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, path, "Invalid parameter '" + path + "': "
                + rule);
    }

    /** Gives every NIC without a MAC address one from QEMU's locally administered range 52:54:00. */
    static VmParams withMacs(VmParams p) {
        if (p.nics().stream().allMatch(n -> n.macAddr() != null)) {
            return p;
        }
        List<VmNic> nics = p.nics().stream().map(VmFactory::withMac).toList();
        return new VmParams(p.vmId(), p.vmName(), p.memSize(), p.smp(), p.kernel(), p.initrd(), p.kernelArgs(),
                p.drives(), nics, p.console(), p.custom(), p.display(), p.restoreState(), p.maxMemSize(), p.maxMemSlots(), p.firmware(), p.tpm());
    }

    /** The NIC, with a MAC address from QEMU's locally administered range 52:54:00 when it has none. */
    static VmNic withMac(VmNic n) {
        return n.macAddr() != null ? n : new VmNic(n.type(), n.bridge(), n.nicModel(), randomMac());
    }

    private static String randomMac() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return String.format("52:54:00:%02x:%02x:%02x", r.nextInt(256), r.nextInt(256), r.nextInt(256));
    }
}
