package io.hostbridge.core.vm;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.vm.DriveDevice;
import io.hostbridge.api.vm.DriveIoTune;
import io.hostbridge.api.vm.IoTune;
import io.hostbridge.api.vm.VmInfo;
import io.hostbridge.api.vm.VmTuneApi;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The VM verbs that change a running VM's resources (balloon, vCPUs, I/O limits) and freeze its guest. */
@Singleton
final class VmTuneService implements VmTuneApi {
    private static final Logger LOG = LoggerFactory.getLogger(VmTuneService.class);
    /** {@code VIR_DOMAIN_VCPU_LIVE}. */
    private static final int VCPU_LIVE = 1;

    private final VmRegistry registry;
    private final DomainCalls domains;
    private final LibvirtConnection libvirt;

    @Inject
    VmTuneService(VmRegistry registry, DomainCalls domains, LibvirtConnection libvirt) {
        this.registry = registry;
        this.domains = domains;
        this.libvirt = libvirt;
    }

    @Override
    public void setBalloonTarget(UUID vmID, long target) {
        Vm vm = registry.require(vmID);
        long max = vm.params().memSize() * 1024L;
        if (target > max) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "target", "Invalid parameter 'target': "
                    + target + " KiB is more than the VM's memory (" + max + " KiB)");
        }
        domains.call(vm, "setBalloonTarget", domain -> {
            domain.setMemory(target);
            return null;
        });
    }

    @Override
    public VmInfo setNumberOfCpus(UUID vmID, int numberOfCpus) {
        Vm vm = registry.require(vmID);
        int max = vm.params().vcpus();
        if (numberOfCpus > max) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "numberOfCpus", "Invalid parameter"
                    + " 'numberOfCpus': the VM has at most " + max + " vCPUs (its smp)");
        }
        domains.call(vm, "setNumberOfCpus", domain -> {
            domain.setVcpusFlags(numberOfCpus, VCPU_LIVE);
            return null;
        });
        VmViews.readConsolePath(vm, libvirt);
        return VmViews.info(vm);
    }

    @Override
    public List<DriveIoTune> getIoTune(UUID vmID) {
        Vm vm = registry.require(vmID);
        List<String> targets = disks(vm);
        return domains.call(vm, "getIoTune", domain -> {
            List<DriveIoTune> out = new ArrayList<>();
            for (String target : targets) {
                Map<String, Long> v = LibvirtNative.blockIoTune(domain, target);
                out.add(new DriveIoTune(target, path(vm, target), new IoTune(v.get("total_bytes_sec"),
                        v.get("read_bytes_sec"), v.get("write_bytes_sec"), v.get("total_iops_sec"),
                        v.get("read_iops_sec"), v.get("write_iops_sec"))));
            }
            return out;
        });
    }

    @Override
    public void setIoTune(UUID vmID, List<DriveIoTune> tunables) {
        Vm vm = registry.require(vmID);
        List<String> disks = disks(vm);
        Map<String, IoTune> byTarget = new LinkedHashMap<>();
        for (int i = 0; i < tunables.size(); i++) {
            DriveIoTune t = tunables.get(i);
            String target = t.name() != null ? t.name() : targetOf(vm, t.path());
            if (target == null || !disks.contains(target)) {
                throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "tunables[" + i + "]", "Invalid"
                        + " parameter 'tunables[" + i + "]': the VM has no disk " + (t.name() != null ? "named "
                        + t.name() : "with that path"));
            }
            if (byTarget.put(target, t.ioTune()) != null) {
                throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "tunables[" + i + "]", "Invalid"
                        + " parameter 'tunables[" + i + "]': disk " + target + " is named twice");
            }
        }
        boolean testDriver = "test".equals(vm.domainType());
        domains.call(vm, "setIoTune", domain -> {
            for (Map.Entry<String, IoTune> e : byTarget.entrySet()) {
                LibvirtNative.setBlockIoTune(domain, e.getKey(), values(e.getValue(), testDriver));
            }
            return null;
        });
    }

    /**
     * libvirt's parameters for the limits. libvirt's test driver refuses a limit above its burst maximum even when
     * that is 0 (QEMU takes 0 as "no burst"), so on that driver each burst maximum is set to its limit.
     */
    private static Map<String, Long> values(IoTune tune, boolean testDriver) {
        Map<String, Long> out = new LinkedHashMap<>();
        long[] values = tune.values();
        for (int i = 0; i < values.length; i++) {
            out.put(IoTune.NAMES.get(i), values[i]);
            if (testDriver) {
                out.put(IoTune.NAMES.get(i) + "_max", values[i]);
            }
        }
        return out;
    }

    @Override
    public void setCpuTuneQuota(UUID vmID, long quota) {
        if (quota >= 0 && quota < 1000) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "quota", "Invalid parameter 'quota': at"
                    + " least 1000 microseconds, or negative for no limit");
        }
        Vm vm = registry.require(vmID);
        org.libvirt.SchedLongParameter p = new org.libvirt.SchedLongParameter(quota < 0 ? -1 : quota);
        p.field = "vcpu_quota";
        domains.call(vm, "setCpuTuneQuota", domain -> {
            domain.setSchedulerParameters(new org.libvirt.SchedParameter[] {p});
            return null;
        });
    }

    @Override
    public void setCpuTunePeriod(UUID vmID, long period) {
        Vm vm = registry.require(vmID);
        org.libvirt.SchedUlongParameter p = new org.libvirt.SchedUlongParameter(period);
        p.field = "vcpu_period";
        domains.call(vm, "setCpuTunePeriod", domain -> {
            domain.setSchedulerParameters(new org.libvirt.SchedParameter[] {p});
            return null;
        });
    }

    /** Not in the VM's turn: the migration holds it while it runs. */
    @Override
    public void migrateChangeParams(UUID vmID, io.hostbridge.api.vm.MigrationParameters params) {
        Vm vm = registry.require(vmID);
        if (vm.status() != io.hostbridge.api.vm.VmStatus.MIGRATION_SOURCE) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "vmID", "Invalid parameter 'vmID': no"
                    + " outgoing migration of VM " + vmID + " runs");
        }
        try {
            libvirt.call(c -> {
                org.libvirt.Domain domain = VmViews.domainOf(vm, c);
                if (domain == null) {
                    throw BridgeException.of(ErrorCode.DOWN, "VM " + vmID + " is down");
                }
                LibvirtNative.migrateSetMaxSpeed(domain, params.maxBandwidth());
                return null;
            });
        } catch (org.libvirt.LibvirtException e) {
            throw BridgeException.failure(ErrorCode.GENERAL, "libvirt refused migrateChangeParams of VM " + vmID, e);
        }
        LOG.info("VM {}: migration bandwidth set to {} MiB/s", vmID, params.maxBandwidth());
    }

    @Override
    public void setDestroyOnReboot(UUID vmID) {
        Vm vm = registry.require(vmID);
        if (vm.status() == io.hostbridge.api.vm.VmStatus.DOWN) {
            throw BridgeException.of(ErrorCode.DOWN, "VM " + vmID + " is down");
        }
        vm.destroyOnReboot(true);
        LOG.info("VM {}: a guest reboot will power it off", vmID);
    }

    @Override
    public void freeze(UUID vmID) {
        Vm vm = registry.require(vmID);
        int n = domains.call(vm, "freeze", LibvirtNative::fsFreeze);
        LOG.info("VM {}: {} guest file system(s) frozen", vmID, n);
    }

    @Override
    public void thaw(UUID vmID) {
        Vm vm = registry.require(vmID);
        int n = domains.call(vm, "thaw", LibvirtNative::fsThaw);
        LOG.info("VM {}: {} guest file system(s) thawed", vmID, n);
    }

    /** Guest device names of the VM's disks (not its CD-ROMs or floppies: no I/O limits there). */
    static List<String> disks(Vm vm) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < vm.drives().size(); i++) {
            if (vm.drives().get(i).device() == DriveDevice.DISK) {
                out.add(vm.driveTargets().get(i));
            }
        }
        return out;
    }

    static String path(Vm vm, String target) {
        return vm.drives().get(vm.driveTargets().indexOf(target)).path();
    }

    static String targetOf(Vm vm, String path) {
        for (int i = 0; i < vm.drives().size(); i++) {
            if (path.equals(vm.drives().get(i).path())) {
                return vm.driveTargets().get(i);
            }
        }
        return null;
    }
}
