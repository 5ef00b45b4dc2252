package io.hostbridge.core.vm;

import io.hostbridge.api.vm.HostDevice;
import io.hostbridge.api.vm.HostVmApi;
import io.hostbridge.api.vm.VmInfo;
import io.hostbridge.api.vm.VmStats;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/** The VM verbs of the Host namespace. */
@Singleton
public final class HostVmService implements HostVmApi {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HostVmService.class);
    private final VmRegistry registry;
    private final StatsReader stats;
    private final LibvirtConnection libvirt;

    @Inject
    HostVmService(VmRegistry registry, StatsReader stats, LibvirtConnection libvirt) {
        this.registry = registry;
        this.stats = stats;
        this.libvirt = libvirt;
    }

    @Override
    public List<Object> getVMList(boolean fullStatus, List<UUID> vmList, boolean onlyUUID) {
        Stream<Vm> vms = select(vmList);
        if (onlyUUID) {
            return vms.map(vm -> (Object) vm.id()).toList();
        }
        if (fullStatus) {
            return vms.map(this::info).map(Object.class::cast).toList();
        }
        return vms.map(vm -> {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("vmId", vm.id());
            summary.put("status", vm.status());
            return (Object) summary;
        }).toList();
    }

    @Override
    public List<VmInfo> getVMFullList(List<UUID> vmList) {
        return select(vmList).map(this::info).toList();
    }

    @Override
    public List<VmStats> getAllVmStats() {
        return registry.all().stream().map(stats::read).toList();
    }

    @Override
    public Map<String, String> dumpxmls(List<UUID> vmList) {
        List<Vm> vms = new java.util.ArrayList<>();
        if (vmList == null) {
            vms.addAll(registry.all());
        } else {
            vmList.forEach(id -> vms.add(registry.require(id)));
        }
        Map<String, String> out = new java.util.TreeMap<>();
        for (Vm vm : vms) {
            if (!Vm.RUNNING.contains(vm.status())) {
                continue;
            }
            try {
                String xml = libvirt.call(c -> {
                    org.libvirt.Domain domain = VmViews.domainOf(vm, c);
                    return domain == null ? null : domain.getXMLDesc(0); // no VIR_DOMAIN_XML_SECURE: no passwords
                });
                if (xml != null) {
                    out.put(vm.id().toString(), xml);
                }
            } catch (org.libvirt.LibvirtException e) {
                if (!Libvirt.isGone(e)) {
                    throw io.hostbridge.api.BridgeException.failure(io.hostbridge.api.ErrorCode.GENERAL,
                            "libvirt could not describe VM " + vm.id(), e);
                }
            }
        }
        return out;
    }

    @Override
    public Map<String, HostDevice> hostdevListByCaps(List<String> caps) {
        List<String> wanted = caps == null || caps.isEmpty() ? java.util.Collections.singletonList(null) : caps;
        for (int i = 0; i < wanted.size(); i++) {
            if (wanted.get(i) != null && !CAPABILITY.matcher(wanted.get(i)).matches()) {
                throw io.hostbridge.api.BridgeException.forParameter(io.hostbridge.api.ErrorCode.INVALID_PARAMETER,
                        "caps[" + i + "]", "Invalid parameter 'caps[" + i + "]': a capability type is lower-case"
                                + " letters, digits and '_'");
            }
        }
        try {
            return libvirt.call(c -> {
                Map<String, HostDevice> out = new java.util.TreeMap<>();
                for (String cap : wanted) {
                    for (String name : c.listDevices(cap)) {
                        if (!out.containsKey(name)) {
                            out.put(name, new HostDevice(NodeDevices.parse(c.deviceLookupByName(name)
                                    .getXMLDescription())));
                        }
                    }
                }
                return out;
            });
        } catch (org.libvirt.LibvirtException e) {
            throw io.hostbridge.api.BridgeException.failure(io.hostbridge.api.ErrorCode.GENERAL,
                    "libvirt could not list the host's devices", e);
        }
    }

    /** Marks the secrets this agent defines, so that clear removes only those. */
    static final String SECRET_TAG = "hostbridge secret: ";

    @Override
    public void registerSecrets(List<io.hostbridge.api.vm.SecretInfo> secrets, boolean clear) {
        try {
            libvirt.call(c -> {
                if (clear) {
                    java.util.Set<String> keep = new java.util.HashSet<>();
                    secrets.forEach(s -> keep.add(s.uuid().toString()));
                    for (String uuid : c.listSecrets()) {
                        org.libvirt.Secret secret = c.secretLookupByUUIDString(uuid);
                        if (!keep.contains(uuid) && secret.getXMLDesc().contains("<description>" + SECRET_TAG)) {
                            secret.undefine();
                            LOG.info("libvirt secret {} removed (clear)", uuid);
                        }
                    }
                }
                for (io.hostbridge.api.vm.SecretInfo s : secrets) {
                    org.libvirt.Secret secret = c.secretDefineXML("<secret ephemeral='no' private='yes'><uuid>"
                            + s.uuid() + "</uuid><description>" + DomainXml.esc(SECRET_TAG + (s.description() == null
                            ? "" : s.description())) + "</description><usage type='" + s.usageType() + "'>"
                            + usage(s) + "</usage></secret>");
                    secret.setValue(java.util.Base64.getDecoder().decode(s.password()));
                    LOG.info("libvirt secret {} registered ({} {})", s.uuid(), s.usageType(), s.usageID());
                }
                return null;
            });
        } catch (org.libvirt.LibvirtException e) {
            // libvirt's words may name the usage; never the value, which only goes to setValue
            throw io.hostbridge.api.BridgeException.failure(io.hostbridge.api.ErrorCode.GENERAL,
                    "libvirt could not register the secrets", e);
        }
    }

    /** The usage element's content: ceph and iscsi name their user, a volume its path. */
    private static String usage(io.hostbridge.api.vm.SecretInfo s) {
        String id = DomainXml.esc(s.usageID());
        return switch (s.usageType()) {
            case "ceph" -> "<name>" + id + "</name>";
            case "iscsi" -> "<target>" + id + "</target>";
            default -> "<volume>" + id + "</volume>";
        };
    }

    @Override
    public void unregisterSecrets(List<UUID> uuids) {
        try {
            libvirt.call(c -> {
                java.util.Set<String> defined = new java.util.HashSet<>(java.util.Arrays.asList(c.listSecrets()));
                for (UUID uuid : uuids) {
                    if (defined.contains(uuid.toString())) {
                        c.secretLookupByUUIDString(uuid.toString()).undefine();
                        LOG.info("libvirt secret {} removed", uuid);
                    }
                }
                return null;
            });
        } catch (org.libvirt.LibvirtException e) {
            throw io.hostbridge.api.BridgeException.failure(io.hostbridge.api.ErrorCode.GENERAL,
                    "libvirt could not remove the secrets", e);
        }
    }

    private static final java.util.regex.Pattern CAPABILITY = java.util.regex.Pattern.compile("[a-z0-9_]{1,32}");

    private VmInfo info(Vm vm) {
        VmViews.readConsolePath(vm, libvirt);
        return VmViews.info(vm);
    }

    private Stream<Vm> select(List<UUID> vmList) {
        if (vmList == null || vmList.isEmpty()) {
            return registry.all().stream();
        }
        HashSet<UUID> wanted = new HashSet<>(vmList);
        return registry.all().stream().filter(vm -> wanted.contains(vm.id()));
    }
}
