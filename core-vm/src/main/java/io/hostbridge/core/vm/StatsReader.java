package io.hostbridge.core.vm;

import io.hostbridge.api.vm.VmDiskStats;
import io.hostbridge.api.vm.VmNic;
import io.hostbridge.api.vm.VmNicStats;
import io.hostbridge.api.vm.VmStats;
import io.hostbridge.api.vm.VmStatus;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.libvirt.Domain;
import org.libvirt.DomainBlockStats;
import org.libvirt.DomainInfo;
import org.libvirt.DomainInterfaceStats;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a VM's statistics from libvirt with the per-domain calls every driver has (info, memory, block and
 * interface counters): a handful of in-process calls per VM on the test driver, one RPC each on QEMU.
 * libvirt 0.5.4's Java binding has no bulk stats call.
 */
@Singleton
final class StatsReader {
    private static final Logger LOG = LoggerFactory.getLogger(StatsReader.class);
    private static final long USAGE_WINDOW_NANOS = 1_000_000_000L;
    // virDomainMemoryStatTags
    private static final int TAG_UNUSED = 4;
    private static final int TAG_ACTUAL_BALLOON = 6;
    private static final int TAG_RSS = 7;
    private static final int TAG_USABLE = 8;

    private final LibvirtConnection libvirt;

    @Inject
    StatsReader(LibvirtConnection libvirt) {
        this.libvirt = libvirt;
    }

    VmStats read(Vm vm) {
        VmStatus status = vm.status();
        Domain domain = vm.domain();
        if (!Vm.RUNNING.contains(status) || domain == null) {
            return idle(vm, status);
        }
        try {
            return libvirt.call(c -> running(vm, status, domain));
        } catch (LibvirtException e) {
            // the domain went away between the status check and the calls: its Down event is on its way
            LOG.debug("stats of VM {} unavailable: {}", vm.id(), e.getMessage());
            return idle(vm, vm.status());
        }
    }

    private static VmStats idle(Vm vm, VmStatus status) {
        return new VmStats(vm.id(), status, null, null, null, null, vm.params().memSize(), null, null, null, null,
                null, null, vm.exit(), null);
    }

    private static VmStats running(Vm vm, VmStatus status, Domain domain) throws LibvirtException {
        long now = System.nanoTime();
        DomainInfo info = domain.getInfo();
        Vm.CpuSample previous = vm.swapCpu(new Vm.CpuSample(now, info.cpuTime), USAGE_WINDOW_NANOS);
        double usage = 0;
        if (previous != null && now > previous.nanos()) {
            usage = 100.0 * (info.cpuTime - previous.cpuTime()) / ((double) (now - previous.nanos()) * info.nrVirtCpu);
            usage = Math.round(Math.max(0, Math.min(100, usage)) * 100) / 100.0;
        }
        long[] memory = {info.memory, -1, -1, -1}; // balloon, rss, usable, unused (KiB; -1 when not reported)
        MemoryStats.read(domain, (tag, value) -> {
            switch (tag) {
                case TAG_ACTUAL_BALLOON -> memory[0] = value;
                case TAG_RSS -> memory[1] = value;
                case TAG_USABLE -> memory[2] = value;
                case TAG_UNUSED -> memory[3] = value;
                default -> {
                }
            }
        });
        long usable = memory[2] >= 0 ? memory[2] : memory[3];
        return new VmStats(vm.id(), status, Math.max(0, (now - vm.startNanos()) / 1_000_000_000L), info.nrVirtCpu,
                info.cpuTime, usage, vm.params().memSize(), memory[0], info.maxMem, memory[1] >= 0 ? memory[1] : null,
                usable >= 0 ? usable : null, disks(vm, domain),
                nics(vm, domain), null, jobs(vm, domain));
    }

    /** The VM's merge jobs, each with libvirt's progress (done when libvirt has no job left on the drive). */
    private static Map<String, io.hostbridge.api.vm.VmBlockJob> jobs(Vm vm, Domain domain) {
        Map<String, io.hostbridge.api.vm.VmBlockJob> out = new LinkedHashMap<>();
        for (io.hostbridge.api.vm.VmBlockJob job : vm.blockJobs().values()) {
            long cur = job.cur();
            long end = job.end();
            try {
                org.libvirt.DomainBlockJobInfo info = domain.getBlockJobInfo(job.drive(), 0);
                if (info != null && info.type != 0) {
                    cur = info.cur;
                    end = info.end;
                } else {
                    cur = end;
                }
            } catch (LibvirtException e) {
                LOG.trace("no block job info for drive {} of VM {}: {}", job.drive(), vm.id(), e.getMessage());
            }
            out.put(job.id().toString(), new io.hostbridge.api.vm.VmBlockJob(job.id(), job.jobType(),
                    job.blockJobType(), job.drive(), job.imgUUID(), job.bandwidth(), cur, end));
        }
        return out;
    }

    private static Map<String, VmDiskStats> disks(Vm vm, Domain domain) throws LibvirtException {
        Map<String, VmDiskStats> out = new LinkedHashMap<>();
        List<String> targets = vm.driveTargets();
        for (int i = 0; i < targets.size(); i++) {
            if (vm.drivePaths().get(i) == null) {
                continue; // a CD-ROM without a medium has nothing to count
            }
            DomainBlockStats s = domain.blockStats(targets.get(i));
            out.put(targets.get(i), new VmDiskStats(vm.drivePaths().get(i).toString(), s.rd_bytes, s.wr_bytes,
                    s.rd_req, s.wr_req));
        }
        return out;
    }

    private static Map<String, VmNicStats> nics(Vm vm, Domain domain) {
        Map<String, VmNicStats> out = new LinkedHashMap<>();
        for (VmNic nic : vm.params().nics()) {
            try {
                DomainInterfaceStats s = domain.interfaceStats(nic.macAddr());
                out.put(nic.macAddr(), new VmNicStats(null, s.rx_bytes, s.rx_packets, s.rx_errs, s.rx_drop,
                        s.tx_bytes, s.tx_packets, s.tx_errs, s.tx_drop));
            } catch (LibvirtException e) {
                // user-mode networking has no host-side device to count on
                LOG.trace("no counters for NIC {} of VM {}: {}", nic.macAddr(), vm.id(), e.getMessage());
            }
        }
        return out;
    }
}
