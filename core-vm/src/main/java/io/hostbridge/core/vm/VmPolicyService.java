package io.hostbridge.core.vm;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.vm.DriveIoTune;
import io.hostbridge.api.vm.HostVmPolicyApi;
import io.hostbridge.api.vm.IoTune;
import io.hostbridge.api.vm.IoTunePolicy;
import io.hostbridge.api.vm.VmIoTunePolicies;
import io.hostbridge.api.vm.VmPolicy;
import io.hostbridge.api.vm.VmPolicyApi;
import io.hostbridge.api.vm.VmStatus;
import io.hostbridge.core.spi.VolumeCatalog;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.xml.stream.XMLStreamException;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VMs' SLA policies (VDSM's updateVmPolicy and its readers), applied as VDSM's MOM policies would: a CPU limit as the
 * vCPUs' quota, each drive's maximum as its I/O limits. The policy lives in the domain's metadata (our namespace),
 * as VDSM keeps it, so it lasts as long as the running domain, across agent restarts.
 */
@Singleton
final class VmPolicyService implements VmPolicyApi, HostVmPolicyApi {
    private static final Logger LOG = LoggerFactory.getLogger(VmPolicyService.class);
    static final String NAMESPACE = "https://hostbridge.io/xmlns/vm-policy/1";
    private static final String KEY = "hbpolicy";
    /** {@code VIR_DOMAIN_METADATA_ELEMENT}, {@code VIR_DOMAIN_AFFECT_LIVE}. */
    private static final int METADATA_ELEMENT = 2;
    private static final int AFFECT_LIVE = 1;
    private static final long DEFAULT_PERIOD = 100_000;
    private static final long MAX_QUOTA = 17_592_186_044_415L;

    private final VmRegistry registry;
    private final DomainCalls domains;
    private final VmTuneService tune;
    private final Optional<VolumeCatalog> catalog;

    @Inject
    VmPolicyService(VmRegistry registry, DomainCalls domains, VmTuneService tune, Optional<VolumeCatalog> catalog) {
        this.registry = registry;
        this.domains = domains;
        this.tune = tune;
        this.catalog = catalog;
    }

    /** A VM's stored policy. */
    private record Policy(Integer vcpuLimit, List<IoTunePolicy> ioTune) {
    }

    @Override
    public void updateVmPolicy(UUID vmID, VmPolicy params) {
        Vm vm = registry.require(vmID);
        if (params.vcpuLimit() == null && (params.ioTune() == null || params.ioTune().isEmpty())) {
            throw BridgeException.forParameter(ErrorCode.MISSING_PARAMETER, "params", "Missing parameter 'params':"
                    + " give vcpuLimit or ioTune");
        }
        List<IoTunePolicy> resolved = new ArrayList<>();
        List<IoTunePolicy> given = params.ioTune() == null ? List.of() : params.ioTune();
        for (int i = 0; i < given.size(); i++) {
            resolved.add(resolve(vm, given.get(i), "params.ioTune[" + i + "]"));
        }
        List<DriveIoTune> limits = new ArrayList<>();
        for (IoTunePolicy p : resolved) {
            if (p.maximum() != null) {
                limits.add(new DriveIoTune(p.name(), null, p.maximum()));
            }
        }
        try {
            if (!limits.isEmpty()) {
                tune.setIoTune(vmID, limits);
            }
            if (params.vcpuLimit() != null) {
                long quota = domains.call(vm, "updateVmPolicy", domain -> quota(domain, params.vcpuLimit()));
                tune.setCpuTuneQuota(vmID, quota);
            }
        } catch (BridgeException e) {
            if (e.error() != ErrorCode.GENERAL) {
                throw e;
            }
            throw BridgeException.failure(ErrorCode.UPDATE_VM_POLICY_FAILED, "libvirt refused to apply the policy of"
                    + " VM " + vmID + (limits.isEmpty() ? "" : " (the drives' limits were set first)"), e);
        }
        domains.call(vm, "updateVmPolicy", domain -> {
            Policy old = read(domain);
            Map<String, IoTunePolicy> byName = new LinkedHashMap<>();
            old.ioTune().forEach(p -> byName.put(p.name(), p));
            resolved.forEach(p -> byName.merge(p.name(), p, VmPolicyService::merged));
            Policy next = new Policy(params.vcpuLimit() != null ? params.vcpuLimit() : old.vcpuLimit(),
                    List.copyOf(byName.values()));
            try {
                domain.setMetadata(METADATA_ELEMENT, xml(next), KEY, NAMESPACE, AFFECT_LIVE);
            } catch (LibvirtException e) {
                throw BridgeException.failure(ErrorCode.UPDATE_VM_POLICY_FAILED, "The policy of VM " + vmID
                        + " was applied but cannot be kept in its domain", e);
            }
            return null;
        });
        LOG.info("VM {}: policy updated (vcpuLimit {}, {} drive(s))", vmID, params.vcpuLimit(), resolved.size());
    }

    /** An entry merged into the one it updates: what it leaves out stays. */
    private static IoTunePolicy merged(IoTunePolicy old, IoTunePolicy update) {
        return new IoTunePolicy(update.name(), update.path(), update.domainID(), update.poolID(), update.imageID(),
                update.volumeID(), update.maximum() != null ? update.maximum() : old.maximum(),
                update.guaranteed() != null ? update.guaranteed() : old.guaranteed());
    }

    /** The entry with its drive's name and path filled in, from its name, path or volume ids. */
    private IoTunePolicy resolve(Vm vm, IoTunePolicy p, String where) {
        List<String> disks = VmTuneService.disks(vm);
        String target = p.name();
        if (target == null && p.path() != null) {
            target = VmTuneService.targetOf(vm, p.path());
        }
        if (target == null && p.volumeID() != null && p.domainID() != null && p.imageID() != null) {
            VolumeCatalog volumes = catalog.orElseThrow(() -> BridgeException.forParameter(
                    ErrorCode.INVALID_PARAMETER, where, "Invalid parameter '" + where + "': this agent has no"
                            + " storage volumes"));
            int index = vm.drivePaths().indexOf(volumes.resolve(p.domainID(), p.imageID(), p.volumeID()).path());
            target = index < 0 ? null : vm.driveTargets().get(index);
        }
        if (target == null || !disks.contains(target)) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, where, "Invalid parameter '" + where
                    + "': the VM has no such disk (name it by name, path, or domainID, imageID and volumeID)");
        }
        return new IoTunePolicy(target, VmTuneService.path(vm, target), p.domainID(), p.poolID(), p.imageID(),
                p.volumeID(), p.maximum(), p.guaranteed());
    }

    /** The vCPUs' quota for {@code percent} of the host's CPUs over the current period, shared by the vCPUs. */
    private static long quota(Domain domain, int percent) throws LibvirtException {
        long period = DEFAULT_PERIOD;
        for (org.libvirt.SchedParameter p : domain.getSchedulerParameters()) {
            if ("vcpu_period".equals(p.field) && p instanceof org.libvirt.SchedUlongParameter u && u.value > 0) {
                period = u.value;
            }
        }
        int hostCpus = domain.getConnect().nodeInfo().cpus;
        int vcpus = Math.max(1, domain.getInfo().nrVirtCpu);
        long quota = period * hostCpus * percent / 100 / vcpus;
        return Math.max(1000, Math.min(MAX_QUOTA, quota));
    }

    @Override
    public List<IoTunePolicy> getIoTunePolicy(UUID vmID) {
        Vm vm = registry.require(vmID);
        return domains.call(vm, "getIoTunePolicy", domain -> read(domain).ioTune());
    }

    @Override
    public Map<String, VmIoTunePolicies> getAllVmIoTunePolicies() {
        Map<String, VmIoTunePolicies> out = new LinkedHashMap<>();
        for (Vm vm : registry.all()) {
            if (vm.status() == VmStatus.DOWN) {
                continue;
            }
            try {
                List<IoTunePolicy> policy = getIoTunePolicy(vm.id());
                out.put(vm.id().toString(), new VmIoTunePolicies(policy, tune.getIoTune(vm.id())));
            } catch (BridgeException e) {
                LOG.debug("VM {}: no I/O policy now ({})", vm.id(), e.getMessage());
            }
        }
        return out;
    }

    /** The domain's policy, or an empty one when it has none. */
    private static Policy read(Domain domain) throws LibvirtException {
        String xml;
        try {
            xml = domain.getMetadata(METADATA_ELEMENT, NAMESPACE, AFFECT_LIVE);
        } catch (LibvirtException e) {
            if (Libvirt.is(e, ErrorNumber.VIR_ERR_NO_DOMAIN_METADATA)) {
                return new Policy(null, List.of());
            }
            throw e;
        }
        try {
            XmlTree root = XmlTree.parse(xml);
            Integer limit = root.child("vcpuLimit").map(n -> Integer.valueOf(n.text.strip())).orElse(null);
            List<IoTunePolicy> devices = new ArrayList<>();
            for (XmlTree d : root.children) {
                if (d.name.equals("device")) {
                    devices.add(new IoTunePolicy(d.attrs.get("name"), d.attrs.get("path"), uuid(d, "domainID"),
                            uuid(d, "poolID"), uuid(d, "imageID"), uuid(d, "volumeID"),
                            d.child("maximum").map(VmPolicyService::ioTune).orElse(null),
                            d.child("guaranteed").map(VmPolicyService::ioTune).orElse(null)));
                }
            }
            return new Policy(limit, devices);
        } catch (XMLStreamException | RuntimeException e) {
            throw BridgeException.failure(ErrorCode.GENERAL, "The VM's stored policy cannot be read", e);
        }
    }

    private static UUID uuid(XmlTree n, String attr) {
        String v = n.attrs.get(attr);
        return v == null ? null : UUID.fromString(v);
    }

    private static IoTune ioTune(XmlTree n) {
        Long[] v = new Long[IoTune.NAMES.size()];
        for (int i = 0; i < v.length; i++) {
            String s = n.attrs.get(IoTune.NAMES.get(i));
            v[i] = s == null ? null : Long.valueOf(s);
        }
        return new IoTune(v[0], v[1], v[2], v[3], v[4], v[5]);
    }

    private static String xml(Policy policy) {
        StringBuilder x = new StringBuilder("<policy>");
        if (policy.vcpuLimit() != null) {
            x.append("<vcpuLimit>").append(policy.vcpuLimit()).append("</vcpuLimit>");
        }
        for (IoTunePolicy p : policy.ioTune()) {
            x.append("<device name='").append(DomainXml.esc(p.name())).append("' path='")
                    .append(DomainXml.esc(p.path())).append('\'');
            attr(x, "domainID", p.domainID());
            attr(x, "poolID", p.poolID());
            attr(x, "imageID", p.imageID());
            attr(x, "volumeID", p.volumeID());
            x.append('>');
            limits(x, "maximum", p.maximum());
            limits(x, "guaranteed", p.guaranteed());
            x.append("</device>");
        }
        return x.append("</policy>").toString();
    }

    private static void attr(StringBuilder x, String name, UUID value) {
        if (value != null) {
            x.append(' ').append(name).append("='").append(value).append('\'');
        }
    }

    private static void limits(StringBuilder x, String element, IoTune tune) {
        if (tune == null) {
            return;
        }
        x.append('<').append(element);
        Long[] all = {tune.totalBytesSec(), tune.readBytesSec(), tune.writeBytesSec(), tune.totalIopsSec(),
                tune.readIopsSec(), tune.writeIopsSec()};
        for (int i = 0; i < all.length; i++) {
            if (all[i] != null) {
                x.append(' ').append(IoTune.NAMES.get(i)).append("='").append(all[i]).append('\'');
            }
        }
        x.append("/>");
    }
}
