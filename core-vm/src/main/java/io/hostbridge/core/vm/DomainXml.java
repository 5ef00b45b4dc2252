package io.hostbridge.core.vm;

import io.hostbridge.api.vm.DisplayType;
import io.hostbridge.api.vm.Firmware;
import io.hostbridge.api.vm.DriveDevice;
import io.hostbridge.api.vm.DriveInterface;
import io.hostbridge.api.vm.NicType;
import io.hostbridge.api.vm.VmNic;
import io.hostbridge.api.vm.VmParams;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the libvirt domain XML of a VM from its parameters. Callers never send XML; every value that reaches
 * the document is escaped. The domain is transient (created, never defined): libvirt forgets it when it stops,
 * and the agent's state directory is the record of the VM.
 */
final class DomainXml {
    /** XML namespace of the agent's metadata element in the domain. */
    static final String METADATA_NS = "https://hostbridge.io/xmlns/vm/1";

    private static final Map<DriveInterface, String> PREFIX = new EnumMap<>(Map.of(
            DriveInterface.VIRTIO, "vd", DriveInterface.SATA, "sd", DriveInterface.IDE, "hd", DriveInterface.FDC,
            "fd"));

    /** A drive with its host file and format settled; {@code target}: the guest device name given, or null. */
    record Drive(String path, String format, DriveInterface iface, boolean readonly, DriveDevice device,
                 String target) {
    }

    /** Where a VM's VNC display listens: this host only (reach it through an SSH tunnel). */
    static final String DISPLAY_LISTEN = "127.0.0.1";
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private DomainXml() {
    }

    /** 8 random characters (VNC uses 8 bytes of a password): the display's password before VM.setTicket. */
    private static String unguessable() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The display element with a new password: the port and listen address as the running domain has them (libvirt
     * refuses a change of either) and the password valid until {@code validTo} (UTC). VNC keeps clients connected now
     * (libvirt supports nothing else for it); SPICE does with them what {@code connected} says (disconnect, keep,
     * fail).
     */
    static String displayTicket(DisplayType type, int port, String password, java.time.Instant validTo,
                                String connected) {
        String until = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
                .withZone(java.time.ZoneOffset.UTC).format(validTo);
        boolean spice = type == DisplayType.SPICE;
        return "<graphics type='" + (spice ? "spice" : "vnc") + "' port='" + port + "' autoport='yes' listen='"
                + DISPLAY_LISTEN + "' passwd='" + esc(password) + "' passwdValidTo='" + until + "'"
                + (spice ? " connected='" + connected + "'" : "") + ">"
                + "<listen type='address' address='" + DISPLAY_LISTEN + "'/></graphics>";
    }

    static String build(UUID id, VmParams params, String domainType, List<Drive> drives) {
        StringBuilder x = new StringBuilder(2048);
        x.append("<domain type='").append(esc(domainType)).append("'>\n");
        x.append("  <name>").append(esc(params.vmName())).append("</name>\n");
        x.append("  <uuid>").append(id).append("</uuid>\n");
        x.append("  <metadata>\n    <hb:vm xmlns:hb='").append(METADATA_NS).append("'>\n");
        for (Map.Entry<String, String> e : params.custom().entrySet()) {
            x.append("      <hb:custom key='").append(esc(e.getKey())).append("'>").append(esc(e.getValue()))
                    .append("</hb:custom>\n");
        }
        x.append("    </hb:vm>\n  </metadata>\n");
        if (params.maxMemSize() != null) {
            x.append("  <maxMemory slots='").append(params.memSlots()).append("' unit='MiB'>")
                    .append(params.maxMemSize()).append("</maxMemory>\n");
        }
        x.append("  <memory unit='MiB'>").append(params.memSize()).append("</memory>\n");
        x.append("  <vcpu>").append(params.vcpus()).append("</vcpu>\n");
        if (params.maxMemSize() != null) {
            // memory hotplug needs a NUMA node to plug into: one holding every vCPU and the boot memory
            x.append("  <cpu><numa><cell id='0' cpus='0-").append(params.vcpus() - 1).append("' memory='")
                    .append(params.memSize()).append("' unit='MiB'/></numa></cpu>\n");
        }
        if (params.firmware() == Firmware.EFI) {
            // libvirt picks OVMF and keeps the VM's variables in its nvram dir; without secure boot, which would
            // refuse kernels not signed for it
            x.append("  <os firmware='efi'>\n    <type>hvm</type>\n    <firmware><feature enabled='no'"
                    + " name='secure-boot'/><feature enabled='no' name='enrolled-keys'/></firmware>\n");
        } else {
            x.append("  <os>\n    <type>hvm</type>\n");
        }
        if (params.kernel() != null) {
            x.append("    <kernel>").append(esc(params.kernel())).append("</kernel>\n");
            if (params.initrd() != null) {
                x.append("    <initrd>").append(esc(params.initrd())).append("</initrd>\n");
            }
            if (params.kernelArgs() != null) {
                x.append("    <cmdline>").append(esc(params.kernelArgs())).append("</cmdline>\n");
            }
        } else {
            x.append("    <boot dev='hd'/>\n");
        }
        x.append("  </os>\n  <features><acpi/></features>\n");
        x.append("  <on_poweroff>destroy</on_poweroff>\n  <on_reboot>restart</on_reboot>\n")
                .append("  <on_crash>destroy</on_crash>\n");
        x.append("  <devices>\n");
        appendDrives(x, drives);
        for (VmNic nic : params.nics()) {
            appendNic(x, nic);
        }
        if (params.hasConsole()) {
            x.append("    <serial type='pty'><target port='0'/></serial>\n");
            x.append("    <console type='pty'><target type='serial' port='0'/></console>\n");
        }
        if (params.display() != null) {
            // a password nobody knows, expired: no one connects before VM.setTicket sets one (as VDSM)
            boolean spice = params.display() == DisplayType.SPICE;
            x.append("    <graphics type='").append(spice ? "spice" : "vnc").append("' autoport='yes' listen='")
                    .append(DISPLAY_LISTEN).append("' passwd='").append(unguessable())
                    .append("' passwdValidTo='1970-01-01T00:00:01'>\n")
                    .append("      <listen type='address' address='").append(DISPLAY_LISTEN).append("'/>\n")
                    .append("    </graphics>\n");
            x.append("    <video><model type='").append(spice ? "qxl" : "vga").append("'/></video>\n");
        }
        if (Boolean.TRUE.equals(params.tpm())) {
            x.append("    <tpm model='tpm-crb'><backend type='emulator' version='2.0'/></tpm>\n");
        }
        if (!"test".equals(domainType)) {
            x.append("    <memballoon model='virtio'/>\n");
        }
        x.append("  </devices>\n</domain>\n");
        return x.toString();
    }

    /**
     * Guest device name of each drive, in order: the name it was given, else the first of its bus (vda, vdb… on
     * virtio, sda… on SATA, hda… on IDE) that no other drive has.
     */
    static List<String> targets(List<Drive> drives) {
        java.util.Set<String> taken = new java.util.HashSet<>();
        for (Drive d : drives) {
            if (d.target() != null && !taken.add(d.target())) {
                throw new IllegalArgumentException("two drives are named " + d.target());
            }
        }
        List<String> out = new java.util.ArrayList<>(drives.size());
        for (Drive d : drives) {
            String target = d.target();
            if (target == null) {
                target = free(PREFIX.get(d.iface()), taken);
                taken.add(target);
            }
            out.add(target);
        }
        return out;
    }

    /** The first {@code prefix}<letter> not in {@code taken}. */
    static String free(String prefix, java.util.Set<String> taken) {
        for (char c = 'a'; c <= 'z'; c++) {
            if (!taken.contains(prefix + c)) {
                return prefix + c;
            }
        }
        throw new IllegalArgumentException("no free guest device name " + prefix + "a.." + prefix + "z");
    }

    private static void appendDrives(StringBuilder x, List<Drive> drives) {
        List<String> targets = targets(drives);
        for (int i = 0; i < drives.size(); i++) {
            x.append(disk(drives.get(i), targets.get(i)));
        }
    }

    /** One drive's {@code <disk>} element, as in the domain and as attached while the VM runs. */
    static String disk(Drive d, String target) {
        StringBuilder x = new StringBuilder(256);
        boolean block = d.path() != null && d.path().startsWith("/dev/");
        x.append("    <disk type='").append(block ? "block" : "file")
                .append("' device='").append(d.device().name().toLowerCase(java.util.Locale.ROOT)).append("'>\n");
        x.append("      <driver name='qemu' type='").append(esc(d.format())).append("'/>\n");
        if (d.path() != null) { // a CD-ROM or floppy without a medium has no source
            x.append("      <source ").append(block ? "dev" : "file").append("='").append(esc(d.path()))
                    .append("'/>\n");
        }
        x.append("      <target dev='").append(target).append("' bus='")
                .append(d.iface().name().toLowerCase(java.util.Locale.ROOT)).append("'/>\n");
        if (d.readonly() || d.device() == DriveDevice.CDROM) {
            x.append("      <readonly/>\n");
        }
        x.append("    </disk>\n");
        return x.toString();
    }

    /** A memory module ({@code <memory model='dimm'>}), by its alias when it has one (to unplug it). */
    static String dimm(int mib, int node, String alias) {
        return "<memory model='dimm'>" + (alias == null ? "" : "<alias name='" + esc(alias) + "'/>")
                + "<target><size unit='MiB'>" + mib + "</size><node>" + node + "</node></target></memory>";
    }

    /** One NIC's {@code <interface>} element, as in the domain and as attached while the VM runs. */
    static String nic(VmNic nic) {
        StringBuilder x = new StringBuilder(192);
        appendNic(x, nic);
        return x.toString();
    }

    /** One NIC's {@code <interface>} element with its link state, for a live update. */
    static String nic(VmNic nic, boolean linkUp) {
        return nic(nic).replace("    </interface>\n", "      <link state='" + (linkUp ? "up" : "down")
                + "'/>\n    </interface>\n");
    }

    private static void appendNic(StringBuilder x, VmNic nic) {
        if (nic.type() == NicType.BRIDGE) {
            x.append("    <interface type='bridge'>\n      <source bridge='").append(esc(nic.bridge())).append("'/>\n");
        } else {
            x.append("    <interface type='user'>\n");
        }
        if (nic.macAddr() != null) {
            x.append("      <mac address='").append(esc(nic.macAddr())).append("'/>\n");
        }
        x.append("      <model type='").append(esc(nic.nicModel() == null ? "virtio" : nic.nicModel())).append("'/>\n");
        x.append("    </interface>\n");
    }

    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '\'' -> out.append("&apos;");
                case '"' -> out.append("&quot;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        throw new IllegalArgumentException("control character in a value for the domain XML");
                    }
                    out.append(c);
                }
            }
        }
        return out.toString();
    }
}
