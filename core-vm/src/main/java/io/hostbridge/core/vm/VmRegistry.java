package io.hostbridge.core.vm;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.vm.VmStatus;
import io.hostbridge.core.spi.VmCounts;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The VMs this agent owns, by id. */
@Singleton
public final class VmRegistry implements VmCounts {
    private final ConcurrentMap<UUID, Vm> vms = new ConcurrentHashMap<>();

    /** Adds {@code vm}; code 4 when a VM with its id exists. */
    void add(Vm vm) {
        if (vms.putIfAbsent(vm.id(), vm) != null) {
            throw BridgeException.of(ErrorCode.EXIST, "VM " + vm.id() + " already exists on this host");
        }
    }

    /** The VM; code 1 when there is none. */
    Vm require(UUID id) {
        Vm vm = vms.get(id);
        if (vm == null) {
            throw BridgeException.of(ErrorCode.NO_VM, "No VM with id " + id + " on this host");
        }
        return vm;
    }

    Optional<Vm> find(UUID id) {
        return Optional.ofNullable(vms.get(id));
    }

    Optional<Vm> find(String id) {
        try {
            return find(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    void remove(Vm vm) {
        vm.markRemoved();
        vms.remove(vm.id(), vm);
    }

    /** Every VM, oldest first. */
    List<Vm> all() {
        List<Vm> list = new ArrayList<>(vms.values());
        list.sort(Comparator.comparing(Vm::createTime).thenComparing(Vm::id));
        return list;
    }

    @Override
    public Counts counts() {
        int count = 0;
        int active = 0;
        int migrating = 0;
        for (Vm vm : vms.values()) {
            VmStatus status = vm.status();
            count++;
            if (Vm.RUNNING.contains(status)) {
                active++;
            }
            if (status == VmStatus.MIGRATION_SOURCE || status == VmStatus.MIGRATION_DESTINATION) {
                migrating++;
            }
        }
        return new Counts(count, active, migrating);
    }
}
