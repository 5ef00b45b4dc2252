package io.hostbridge.core.vm;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.PointerType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The libvirt functions the Java binding (org.libvirt 0.5.4, the latest) lacks or binds slowly, called with JNA on
 * the binding's own native handles: {@code virDomainOpenConsole}, block I/O tuning, backups and checkpoints (not
 * bound at all) and {@code virDomainMemoryStats} into primitive memory. The handles are the binding's non-public fields and its
 * exception's non-public constructor, read once by reflection: a binding without them leaves these functions
 * unavailable ({@link #available()}), and callers fall back or refuse.
 */
final class LibvirtNative {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtNative.class);
    private static final Field DOMAIN = field(Domain.class, "vdp");
    private static final Field STREAM = field(Stream.class, "vsp");
    private static final Field CONNECT = field(org.libvirt.Connect.class, "vcp");
    private static final Constructor<LibvirtException> EXCEPTION = exceptionConstructor();

    /** {@code virDomainOpenConsole}'s flags. */
    static final int CONSOLE_FORCE = 1;
    static final int CONSOLE_SAFE = 2;

    /** The libvirt functions bound directly. */
    interface Virt extends Library {
        Virt INSTANCE = DOMAIN == null ? null : Native.load("virt", Virt.class);

        /** {@code struct {int tag; unsigned long long val;}} is 16 bytes: tag in the low half of the first long. */
        int virDomainMemoryStats(Pointer domain, long[] stats, int nrStats, int flags);

        int virDomainOpenConsole(Pointer domain, String devName, Pointer stream, int flags);

        int virDomainFSFreeze(Pointer domain, String[] mountpoints, int nmountpoints, int flags);

        int virDomainFSThaw(Pointer domain, String[] mountpoints, int nmountpoints, int flags);

        int virDomainGetBlockIoTune(Pointer domain, String disk, Pointer params, int[] nparams, int flags);

        int virDomainSetBlockIoTune(Pointer domain, String disk, Pointer params, int nparams, int flags);

        void virTypedParamsClear(Pointer params, int nparams);

        int virDomainMigrateSetMaxSpeed(Pointer domain, long bandwidth, int flags);

        int virDomainBackupBegin(Pointer domain, String backupXml, String checkpointXml, int flags);

        Pointer virDomainBackupGetXMLDesc(Pointer domain, int flags);

        Pointer virDomainCheckpointCreateXML(Pointer domain, String xml, int flags);

        int virDomainListAllCheckpoints(Pointer domain, com.sun.jna.ptr.PointerByReference checkpoints, int flags);

        String virDomainCheckpointGetName(Pointer checkpoint);

        Pointer virDomainCheckpointGetXMLDesc(Pointer checkpoint, int flags);

        Pointer virDomainCheckpointLookupByName(Pointer domain, String name, int flags);

        int virDomainCheckpointDelete(Pointer checkpoint, int flags);

        int virDomainCheckpointFree(Pointer checkpoint);

        Pointer virDomainSaveImageGetXMLDesc(Pointer connect, String file, int flags);

        int virDomainRestoreFlags(Pointer connect, String from, String dxml, int flags);
    }

    /** {@code VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE | VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE_VALIDATE}. */
    static final int CHECKPOINT_REDEFINE_VALIDATE = 1 | 4;
    /** {@code VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN}. */
    private static final int CHECKPOINT_XML_NO_DOMAIN = 2;
    /** {@code VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL}. */
    private static final int CHECKPOINT_LIST_TOPOLOGICAL = 2;

    /** {@code VIR_DOMAIN_AFFECT_LIVE}. */
    private static final int AFFECT_LIVE = 1;
    /** {@code struct virTypedParameter}: char field[80]; int type; (4 bytes padding) union value (8 bytes). */
    private static final int PARAM_SIZE = 96;
    private static final int FIELD_LENGTH = 80;
    private static final int TYPE_ULLONG = 4;

    private LibvirtNative() {
    }

    /** True when the binding's handles are readable, so {@link Virt#INSTANCE} may be called. */
    static boolean available() {
        return DOMAIN != null && STREAM != null && EXCEPTION != null;
    }

    /** The domain's native handle, or null when the binding hides it. */
    static Pointer domain(Domain domain) {
        return handle(DOMAIN, domain);
    }

    /**
     * Connects {@code stream} to the domain's console {@code devName} (null: the first console or serial port),
     * as {@code virsh console} does.
     *
     * @param flags {@link #CONSOLE_SAFE}, plus {@link #CONSOLE_FORCE} to take the console from another client
     */
    static void openConsole(Domain domain, String devName, Stream stream, int flags) throws LibvirtException {
        if (!available()) {
            throw new IllegalStateException("this libvirt binding hides the handles virDomainOpenConsole needs");
        }
        if (Virt.INSTANCE.virDomainOpenConsole(domain(domain), devName, handle(STREAM, stream), flags) < 0) {
            throw lastError();
        }
    }

    /** Sets the bandwidth (MiB/s) of the domain's running migration. */
    static void migrateSetMaxSpeed(Domain domain, long mibPerSecond) throws LibvirtException {
        if (virt().virDomainMigrateSetMaxSpeed(domain(domain), mibPerSecond, 0) < 0) {
            throw lastError();
        }
    }

    /** Freezes the guest's file systems through its agent; returns how many. */
    static int fsFreeze(Domain domain) throws LibvirtException {
        int n = virt().virDomainFSFreeze(domain(domain), null, 0, 0);
        if (n < 0) {
            throw lastError();
        }
        return n;
    }

    /** Thaws the guest's file systems; returns how many. */
    static int fsThaw(Domain domain) throws LibvirtException {
        int n = virt().virDomainFSThaw(domain(domain), null, 0, 0);
        if (n < 0) {
            throw lastError();
        }
        return n;
    }

    /** A disk's live block I/O tuning: every unsigned long long parameter libvirt reports, by name. */
    static java.util.Map<String, Long> blockIoTune(Domain domain, String disk) throws LibvirtException {
        Virt virt = virt();
        Pointer d = domain(domain);
        int[] count = {0};
        if (virt.virDomainGetBlockIoTune(d, disk, null, count, AFFECT_LIVE) < 0) {
            throw lastError();
        }
        java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
        if (count[0] == 0) {
            return out;
        }
        com.sun.jna.Memory params = new com.sun.jna.Memory((long) PARAM_SIZE * count[0]);
        params.clear();
        if (virt.virDomainGetBlockIoTune(d, disk, params, count, AFFECT_LIVE) < 0) {
            throw lastError();
        }
        try {
            for (int i = 0; i < count[0]; i++) {
                long base = (long) PARAM_SIZE * i;
                if (params.getInt(base + FIELD_LENGTH) == TYPE_ULLONG) {
                    out.put(params.getString(base, "UTF-8"), params.getLong(base + FIELD_LENGTH + 8));
                }
            }
        } finally {
            virt.virTypedParamsClear(params, count[0]); // frees the strings libvirt allocated (group_name)
        }
        return out;
    }

    /** Sets a disk's live block I/O tuning parameters (unsigned long long values, by libvirt's names). */
    static void setBlockIoTune(Domain domain, String disk, java.util.Map<String, Long> values)
            throws LibvirtException {
        com.sun.jna.Memory params = new com.sun.jna.Memory((long) PARAM_SIZE * Math.max(1, values.size()));
        params.clear();
        int i = 0;
        for (java.util.Map.Entry<String, Long> e : values.entrySet()) {
            long base = (long) PARAM_SIZE * i++;
            byte[] name = e.getKey().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            if (name.length >= FIELD_LENGTH) {
                throw new IllegalArgumentException("parameter name too long: " + e.getKey());
            }
            params.write(base, name, 0, name.length);
            params.setInt(base + FIELD_LENGTH, TYPE_ULLONG);
            params.setLong(base + FIELD_LENGTH + 8, e.getValue());
        }
        if (virt().virDomainSetBlockIoTune(domain(domain), disk, params, values.size(), AFFECT_LIVE) < 0) {
            throw lastError();
        }
    }

    /** Starts a backup job ({@code virDomainBackupBegin}), with a checkpoint when {@code checkpointXml} is not null. */
    static void backupBegin(Domain domain, String backupXml, String checkpointXml) throws LibvirtException {
        if (virt().virDomainBackupBegin(domain(domain), backupXml, checkpointXml, 0) < 0) {
            throw lastError();
        }
    }

    /** The running backup job's XML ({@code VIR_ERR_NO_DOMAIN_BACKUP} when there is none). */
    static String backupXml(Domain domain) throws LibvirtException {
        return takeString(virt().virDomainBackupGetXMLDesc(domain(domain), 0));
    }

    /** Creates a checkpoint from {@code xml} with {@code flags} (e.g. {@link #CHECKPOINT_REDEFINE_VALIDATE}). */
    static void checkpointCreate(Domain domain, String xml, int flags) throws LibvirtException {
        Pointer cp = virt().virDomainCheckpointCreateXML(domain(domain), xml, flags);
        if (cp == null) {
            throw lastError();
        }
        Virt.INSTANCE.virDomainCheckpointFree(cp);
    }

    /** The domain's checkpoints' names, each after its parent. */
    static java.util.List<String> checkpointNames(Domain domain) throws LibvirtException {
        com.sun.jna.ptr.PointerByReference array = new com.sun.jna.ptr.PointerByReference();
        int n = virt().virDomainListAllCheckpoints(domain(domain), array, CHECKPOINT_LIST_TOPOLOGICAL);
        if (n < 0) {
            throw lastError();
        }
        java.util.List<String> names = new java.util.ArrayList<>(n);
        if (n == 0 || array.getValue() == null) {
            return names;
        }
        Pointer[] checkpoints = array.getValue().getPointerArray(0, n);
        try {
            for (Pointer cp : checkpoints) {
                names.add(Virt.INSTANCE.virDomainCheckpointGetName(cp));
            }
        } finally {
            for (Pointer cp : checkpoints) {
                Virt.INSTANCE.virDomainCheckpointFree(cp);
            }
            Native.free(Pointer.nativeValue(array.getValue()));
        }
        return names;
    }

    /** A checkpoint's XML without the domain ({@code VIR_ERR_NO_DOMAIN_CHECKPOINT} when there is none). */
    static String checkpointXml(Domain domain, String name) throws LibvirtException {
        Pointer cp = lookupCheckpoint(domain, name);
        try {
            return takeString(Virt.INSTANCE.virDomainCheckpointGetXMLDesc(cp, CHECKPOINT_XML_NO_DOMAIN));
        } finally {
            Virt.INSTANCE.virDomainCheckpointFree(cp);
        }
    }

    /** Deletes a checkpoint and its bitmaps ({@code VIR_ERR_NO_DOMAIN_CHECKPOINT} when there is none). */
    static void checkpointDelete(Domain domain, String name) throws LibvirtException {
        Pointer cp = lookupCheckpoint(domain, name);
        try {
            if (Virt.INSTANCE.virDomainCheckpointDelete(cp, 0) < 0) {
                throw lastError();
            }
        } finally {
            Virt.INSTANCE.virDomainCheckpointFree(cp);
        }
    }

    private static Pointer lookupCheckpoint(Domain domain, String name) throws LibvirtException {
        Pointer cp = virt().virDomainCheckpointLookupByName(domain(domain), name, 0);
        if (cp == null) {
            throw lastError();
        }
        return cp;
    }

    /** The domain XML a save file (VM.hibernate's, a memory snapshot's) holds. */
    static String saveImageXml(org.libvirt.Connect connect, String file) throws LibvirtException {
        return takeString(virt().virDomainSaveImageGetXMLDesc(connection(connect), file, 0));
    }

    /** Restores a saved domain with {@code dxml} (ABI-compatible with the saved one, e.g. other disk files). */
    static void restore(org.libvirt.Connect connect, String file, String dxml) throws LibvirtException {
        if (virt().virDomainRestoreFlags(connection(connect), file, dxml, 0) < 0) {
            throw lastError();
        }
    }

    private static Pointer connection(org.libvirt.Connect connect) {
        Pointer p = handle(CONNECT, connect);
        if (p == null) {
            throw new IllegalStateException("this libvirt binding hides the connection handle");
        }
        return p;
    }

    /** A string libvirt allocated for the caller: copied, then freed; null means the call failed. */
    private static String takeString(Pointer p) throws LibvirtException {
        if (p == null) {
            throw lastError();
        }
        try {
            return p.getString(0, "UTF-8");
        } finally {
            Native.free(Pointer.nativeValue(p));
        }
    }

    private static Virt virt() {
        if (!available()) {
            throw new IllegalStateException("this libvirt binding hides the domain handles these calls need");
        }
        return Virt.INSTANCE;
    }

    /** libvirt's error of the failed call on this thread, as the binding would throw it. */
    private static LibvirtException lastError() {
        org.libvirt.Error error = new org.libvirt.Error(org.libvirt.jna.Libvirt.INSTANCE.virGetLastError());
        try {
            return EXCEPTION.newInstance(error);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("libvirt failed (" + error.getCode() + ") and its error could not be"
                    + " wrapped", e);
        }
    }

    private static Pointer handle(Field field, Object owner) {
        if (field == null) {
            return null;
        }
        try {
            Object pointer = field.get(owner);
            return pointer instanceof PointerType p ? p.getPointer() : null;
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    private static Field field(Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("libvirt binding without a readable {}.{}", owner.getSimpleName(), name, e);
            return null;
        }
    }

    private static Constructor<LibvirtException> exceptionConstructor() {
        try {
            Constructor<LibvirtException> c = LibvirtException.class.getDeclaredConstructor(org.libvirt.Error.class);
            c.setAccessible(true);
            return c;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("libvirt binding without a usable LibvirtException(Error)", e);
            return null;
        }
    }
}
