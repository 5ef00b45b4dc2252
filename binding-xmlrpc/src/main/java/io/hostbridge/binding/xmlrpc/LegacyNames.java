package io.hostbridge.binding.xmlrpc;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.bridge.model.ParamDef;
import io.hostbridge.bridge.model.VerbDef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * VDSM's XML-RPC method names and how each maps onto a verb: the one closed table of legacy quirks in this
 * binding (everything else dispatches generically from the verb registry). Adding a legacy name is one line
 * here, and docs/xmlrpc.md lists the same table (a test compares them).
 *
 * <p>{@link #problems} runs when the binding starts (it refuses to start on any) and in the unit tests: every
 * entry must name an existing verb and existing parameters, so the table cannot drift from the API.
 */
public final class LegacyNames {
    // VDSM's integer codes, which legacy callers send instead of the names
    private static final Map<Integer, String> DOMAIN_TYPES = Map.of(4, "localfs");
    private static final Map<Integer, String> DOMAIN_CLASSES = Map.of(1, "data", 2, "iso");
    private static final Map<Integer, String> VOLUME_FORMATS = Map.of(4, "COW", 5, "RAW");
    private static final Map<Integer, String> VOLUME_TYPES = Map.of(1, "PREALLOCATED", 2, "SPARSE");

    private static final List<Entry> TABLE = List.of(
            // VDSM replied {status, info: {...}} to the host calls
            Entry.of("getVdsCapabilities", "Host.getCapabilities", "info"),
            Entry.of("getVdsStats", "Host.getStats", "info"),
            Entry.of("getVdsHardwareInfo", "Host.getHardwareInfo", "info"),
            // liveness: VDSM replied with the status alone
            Entry.of("ping", "Host.ping", null),
            Entry.of("setKsmTune", "Host.setKsmTune", null, "tuningParams"),
            // storage: VDSM's positional order (sdUUID, spUUID, imgUUID, volUUID) and its integer enum codes
            new Entry("createStorageDomain", "StorageDomain.create", null, List.of("domainType", "storagedomainID",
                    "name", "typeArgs", "domainClass", "version"),
                    codes(Map.of("domainType", DOMAIN_TYPES, "domainClass", DOMAIN_CLASSES))),
            new Entry("getStorageDomainsList", "Host.getStorageDomains", "domlist", List.of("storagepoolID",
                    "domainClass", "storageType"),
                    codes(Map.of("storageType", DOMAIN_TYPES, "domainClass", DOMAIN_CLASSES))),
            Entry.of("getStorageDomainInfo", "StorageDomain.getInfo", "info", "storagedomainID"),
            Entry.of("getStorageDomainStats", "StorageDomain.getStats", "stats", "storagedomainID"),
            new Entry("createVolume", "Volume.create", "uuid", List.of("storagedomainID", "storagepoolID", "imageID",
                    "size", "volFormat", "preallocate", "diskType", "volumeID", "desc", "srcImgUUID", "srcVolUUID",
                    "initialSize"), codes(Map.of("volFormat", VOLUME_FORMATS, "preallocate", VOLUME_TYPES))),
            Entry.of("getVolumeInfo", "Volume.getInfo", "info", "storagedomainID", "storagepoolID", "imageID",
                    "volumeID"),
            Entry.of("deleteImage", "Image.delete", "uuid", "storagedomainID", "storagepoolID", "imageID", "postZero",
                    "force"),
            Entry.of("prepareImage", "Image.prepare", Entry.MERGED, "storagepoolID", "storagedomainID", "imageID", "volumeID",
                    "allowIllegal"),
            Entry.of("teardownImage", "Image.teardown", null, "storagedomainID", "storagepoolID", "imageID", "volumeID"),
            Entry.of("cloneImageStructure", "Image.cloneStructure", "uuid", "storagepoolID", "storagedomainID", "imageID",
                    "dstSdUUID"),
            Entry.of("syncImageData", "Image.syncData", "uuid", "storagepoolID", "storagedomainID", "imageID",
                    "dstSdUUID", "syncType"),
            Entry.of("getFileStats", "StorageDomain.getFileStats", "fileStats", "storagedomainID", "pattern",
                    "caseSensitive"),
            Entry.of("refreshVolume", "Volume.refresh", null, "storagedomainID", "storagepoolID", "imageID", "volumeID"),
            Entry.of("deleteVolume", "Image.deleteVolumes", "uuid", "storagedomainID", "storagepoolID", "imageID",
                    "volumeList", "postZero", "force"),
            Entry.of("setVolumeDescription", "Volume.setDescription", null, "storagedomainID", "storagepoolID",
                    "imageID", "volumeID", "description"),
            Entry.of("setVolumeLegality", "Volume.setLegality", null, "storagedomainID", "storagepoolID", "imageID",
                    "volumeID", "legality"),
            Entry.of("setStorageDomainDescription", "StorageDomain.setDescription", null, "storagedomainID",
                    "description"),
            Entry.of("validateStorageDomain", "StorageDomain.validate", null, "storagedomainID"),
            // VDSM's repoStats sent each domain's vitals as a member of the reply, beside status
            Entry.of("repoStats", "Host.getStorageRepoStats", Entry.MERGED),
            // tasks and jobs
            Entry.of("getHostJobs", "Host.getJobs", "jobs", "job_type", "job_ids"),
            Entry.of("getAllTasksStatuses", "Host.getAllTasksStatuses", "allTasksStatus"),
            Entry.of("getTaskStatus", "Task.getStatus", "taskStatus", "taskID"),
            Entry.of("getAllTasksInfo", "Host.getAllTasksInfo", "allTasksInfo"),
            Entry.of("getAllTasks", "Host.getAllTasks", "tasks"),
            Entry.of("getTaskInfo", "Task.getInfo", "TaskInfo", "taskID"),
            Entry.of("stopTask", "Task.stop", null, "taskID"),
            Entry.of("clearTask", "Task.clear", null, "taskID"),
            // VMs: create(vmParams) carries the id inside vmParams; migrate(params) likewise
            new Entry("create", "VM.create", "vmList", List.of("vmParams"), LegacyNames::vmIdFromVmParams),
            Entry.of("destroy", "VM.destroy", null, "vmID"),
            Entry.of("shutdown", "VM.shutdown", null, "vmID", "delay", "message", "reboot", "timeout", "force"),
            Entry.of("reset", "VM.reset", null, "vmID"),
            Entry.of("pause", "VM.pause", null, "vmID"),
            Entry.of("cont", "VM.cont", null, "vmID"),
            Entry.of("list", "Host.getVMList", "vmList", "fullStatus", "vmList"),
            Entry.of("getVmStats", "VM.getStats", "statsList", "vmID"),
            Entry.of("getAllVmStats", "Host.getAllVmStats", "statsList"),
            new Entry("migrate", "VM.migrate", "migrationStats", List.of("params"), LegacyNames::vmIdFromParams),
            Entry.of("migrateStatus", "VM.getMigrationStatus", "migrationStats", "vmID"),
            Entry.of("migrateCancel", "VM.migrateCancel", null, "vmID"),
            // VM devices and tuning; the hotplug calls take one params struct carrying vmId, as migrate does
            new Entry("hotplugDisk", "VM.hotplugDisk", "vmList", List.of("params"), LegacyNames::vmIdFromParams),
            new Entry("hotunplugDisk", "VM.hotunplugDisk", "vmList", List.of("params"), LegacyNames::vmIdFromParams),
            new Entry("hotplugNic", "VM.hotplugNic", "vmList", List.of("params"), LegacyNames::vmIdFromParams),
            new Entry("hotunplugNic", "VM.hotunplugNic", "vmList", List.of("params"), LegacyNames::vmIdFromParams),
            new Entry("changeCD", "VM.changeCD", "vmList", List.of("vmID", "driveSpec"), LegacyNames::pathAsDriveSpec),
            new Entry("changeFloppy", "VM.changeFloppy", "vmList", List.of("vmID", "driveSpec"),
                    LegacyNames::pathAsDriveSpec),
            Entry.of("setVmTicket", "VM.setTicket", null, "vmID", "password", "ttl", "existingConnAction", "params"),
            Entry.of("setBalloonTarget", "VM.setBalloonTarget", null, "vmID", "target"),
            Entry.of("setNumberOfCpus", "VM.setNumberOfCpus", "vmList", "vmID", "numberOfCpus"),
            Entry.of("setIoTune", "VM.setIoTune", null, "vmID", "tunables"),
            Entry.of("getIoTune", "VM.getIoTune", "ioTuneList", "vmID"),
            Entry.of("snapshot", "VM.snapshot", null, "vmID", "snapDrives", "snapMemory", "frozen"),
            Entry.of("merge", "VM.merge", null, "vmID", "drive", "baseVolUUID", "topVolUUID", "bandwidth", "jobUUID"),
            Entry.of("vmSetCpuTuneQuota", "VM.setCpuTuneQuota", null, "vmID", "quota"),
            Entry.of("vmSetCpuTunePeriod", "VM.setCpuTunePeriod", null, "vmID", "period"),
            Entry.of("hostdevListByCaps", "Host.hostdevListByCaps", "deviceList", "caps"),
            Entry.of("registerSecrets", "Host.registerSecrets", null, "secrets", "clear"),
            Entry.of("getDeviceList", "Host.getDeviceList", "devList", "storageType", "guids", "checkStatus"),
            Entry.of("unregisterSecrets", "Host.unregisterSecrets", null, "uuids"),
            Entry.of("diskSizeExtend", "VM.diskSizeExtend", "size", "vmID", "driveSpecs", "newSize"),
            Entry.of("diskReplicateStart", "VM.diskReplicateStart", null, "vmID", "srcDisk", "dstDisk"),
            Entry.of("diskReplicateFinish", "VM.diskReplicateFinish", null, "vmID", "srcDisk", "dstDisk"),
            Entry.of("vmUpdateDevice", "VM.updateDevice", "vmList", "vmID", "params"),
            Entry.of("migrateChangeParams", "VM.migrateChangeParams", null, "vmID", "params"),
            Entry.of("hibernate", "VM.hibernate", null, "vmID", "hibernationVolHandle"),
            Entry.of("freeze", "VM.freeze", null, "vmID"),
            Entry.of("thaw", "VM.thaw", null, "vmID"));

    private LegacyNames() {
    }

    /** Replaces a known integer code of a named argument by the verb's name for it; other values pass as sent. */
    private static UnaryOperator<Map<String, Object>> codes(Map<String, Map<Integer, String>> byParam) {
        return args -> {
            Map<String, Object> out = new LinkedHashMap<>(args);
            byParam.forEach((param, names) -> {
                if (out.get(param) instanceof Integer code && names.containsKey(code)) {
                    out.put(param, names.get(code));
                }
            });
            return out;
        };
    }

    /**
     * One legacy method.
     *
     * @param name       VDSM's XML-RPC name, e.g. {@code getVdsCapabilities}
     * @param verb       the verb it calls, e.g. {@code Host.getCapabilities}
     * @param payloadKey key of the result in the reply envelope (VDSM's, e.g. {@code info}); null for a verb
     *                   without result
     * @param params     the verb's parameter names in VDSM's positional order
     * @param arguments  applied to the named arguments before the call, for a legacy call whose arguments do
     *                   not line up with the verb's parameters (VDSM's {@code create(vmParams)} carries the vmId
     *                   inside vmParams); {@link #SAME_ARGUMENTS} for the usual case
     */
    public record Entry(String name, String verb, String payloadKey, List<String> params,
                        UnaryOperator<Map<String, Object>> arguments) {
        /** Payload key of a map result whose entries are the reply's own members (VDSM's repoStats). */
        public static final String MERGED = "*";
        /** The arguments as the caller sent them, named by position. */
        public static final UnaryOperator<Map<String, Object>> SAME_ARGUMENTS = UnaryOperator.identity();

        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(verb, "verb");
            params = List.copyOf(params);
            Objects.requireNonNull(arguments, "arguments");
        }

        /** An entry whose positional arguments are {@code params}, passed on as they are. */
        public static Entry of(String name, String verb, String payloadKey, String... params) {
            return new Entry(name, verb, payloadKey, List.of(params), SAME_ARGUMENTS);
        }

        /** Names the positional arguments and applies the entry's argument mapping. */
        Map<String, Object> namedArguments(List<?> args) {
            if (args.size() > params.size()) {
                throw BridgeException.of(ErrorCode.INVALID_PARAMETER, name + (params.isEmpty() ? " takes no arguments"
                        : " takes at most " + params.size() + " arguments (" + String.join(", ", params) + ")")
                        + ", got " + args.size());
            }
            Map<String, Object> named = new LinkedHashMap<>();
            for (int i = 0; i < args.size(); i++) {
                named.put(params.get(i), args.get(i));
            }
            return arguments.apply(named);
        }
    }

    /** VDSM's {@code create(vmParams)}: the VM's id is {@code vmParams.vmId}. */
    private static Map<String, Object> vmIdFromVmParams(Map<String, Object> named) {
        return withIdFrom(named, "vmParams", "vmId");
    }

    /** VDSM's {@code migrate(params)}: the VM's id is {@code params.vmId}. */
    private static Map<String, Object> vmIdFromParams(Map<String, Object> named) {
        return withIdFrom(named, "params", "vmId");
    }

    /**
     * VDSM's XML-RPC {@code changeCD(vmId, driveSpec)} and {@code changeFloppy} took the medium's path as a string:
     * {@code {path: it}}.
     */
    private static Map<String, Object> pathAsDriveSpec(Map<String, Object> named) {
        if (!(named.get("driveSpec") instanceof String path)) {
            return named;
        }
        Map<String, Object> out = new LinkedHashMap<>(named);
        out.put("driveSpec", Map.of("path", path));
        return out;
    }

    private static Map<String, Object> withIdFrom(Map<String, Object> named, String param, String key) {
        Object inner = named.get(param);
        if (inner == null) {
            return named; // the bridge reports the missing parameter
        }
        Object id = inner instanceof Map<?, ?> m ? m.get(key) : null;
        if (id == null) {
            throw BridgeException.forParameter(ErrorCode.MISSING_PARAMETER, param + "." + key,
                    "Missing required field '" + param + "." + key + "' (the VM's id)");
        }
        Map<String, Object> out = new LinkedHashMap<>(named);
        out.put("vmID", id);
        return out;
    }

    /** Every legacy name, in table order. */
    public static List<Entry> all() {
        return TABLE;
    }

    /** The entries whose verb {@code model} has. */
    static List<Entry> servedBy(ApiModel model, List<Entry> table) {
        return table.stream().filter(e -> model.verb(e.verb()).isPresent()).toList();
    }

    /** What is wrong with {@code table} against {@code model}; empty when it fits. */
    static List<String> problems(ApiModel model, List<Entry> table) {
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Entry entry : table) {
            String where = entry.name() + " → " + entry.verb() + ": ";
            if (!names.add(entry.name())) {
                problems.add(where + "listed twice");
            }
            if (entry.name().contains(".")) {
                problems.add(where + "a legacy name has no '.' (namespaced names are the verbs themselves)");
            }
            Optional<VerbDef> found = model.verb(entry.verb());
            if (found.isEmpty()) {
                problems.add(where + "no such verb");
                continue;
            }
            VerbDef verb = found.get();
            Set<String> declared = verb.params().stream().map(ParamDef::name).collect(Collectors.toSet());
            for (String param : entry.params()) {
                if (!declared.contains(param)) {
                    problems.add(where + "no parameter '" + param + "' (it has " + declared + ")");
                }
            }
            if (new HashSet<>(entry.params()).size() != entry.params().size()) {
                problems.add(where + "a parameter is listed twice");
            }
            if (entry.arguments() == Entry.SAME_ARGUMENTS) {
                verb.params().stream().filter(p -> p.required() && !entry.params().contains(p.name()))
                        .forEach(p -> problems.add(where + "required parameter '" + p.name() + "' has no position"));
            }
            if ((entry.payloadKey() == null) != (verb.result() == null)) {
                problems.add(where + (verb.result() == null ? "the verb returns nothing, so no payload key"
                        : "the verb returns a result: it needs a payload key"));
            }
        }
        return problems;
    }
}
