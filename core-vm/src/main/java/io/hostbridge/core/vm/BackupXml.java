package io.hostbridge.core.vm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamException;

/**
 * The XML of libvirt's backup API: the pull-mode backup and checkpoint definitions the agent writes, what it reads
 * back from libvirt (each disk's export, the domain's DAC label), and checkpoint XML a caller gives back to redefine
 * (parsed, checked and written again: nothing of the caller's text reaches libvirt as is).
 */
final class BackupXml {
    /** Checkpoint and bitmap names: the ids the agent gives them (UUIDs) or names a caller gave libvirt before. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    private static final Pattern DISK = Pattern.compile("[a-z]{2,4}[a-z0-9]{1,4}");
    private static final Pattern DAC_LABEL = Pattern.compile("\\+?(\\d{1,10}):\\+?(\\d{1,10})");

    private BackupXml() {
    }

    /** One disk of a backup to begin. */
    record Disk(String target, boolean incremental, String fromCheckpoint, String scratch) {
    }

    /** One disk of a checkpoint: its bitmap, or none ({@code checkpoint='no'}). */
    record CheckpointDisk(String target, String bitmap) {
    }

    /** A checkpoint as a caller gives it back: its name, parent, creation time and disks. */
    record Checkpoint(String name, String parent, Long creationTime, List<CheckpointDisk> disks) {
    }

    /** A pull-mode backup on a unix socket; incremental disks export their bitmap as {@code backup-<target>}. */
    static String backup(String socket, String fromCheckpoint, List<Disk> disks) {
        StringBuilder x = new StringBuilder("<domainbackup mode='pull'>");
        if (fromCheckpoint != null) {
            x.append("<incremental>").append(DomainXml.esc(fromCheckpoint)).append("</incremental>");
        }
        x.append("<server transport='unix' socket='").append(DomainXml.esc(socket)).append("'/><disks>");
        for (Disk d : disks) {
            x.append("<disk name='").append(d.target()).append("' backup='yes' type='file' exportname='")
                    .append(d.target()).append('\'');
            if (d.incremental()) {
                x.append(" backupmode='incremental' incremental='").append(DomainXml.esc(d.fromCheckpoint()))
                        .append("' exportbitmap='backup-").append(d.target()).append('\'');
            } else {
                x.append(" backupmode='full'");
            }
            x.append("><driver type='qcow2'/><scratch file='").append(DomainXml.esc(d.scratch()))
                    .append("'/></disk>");
        }
        return x.append("</disks></domainbackup>").toString();
    }

    /** A checkpoint's definition (to create with a backup, or to redefine). */
    static String checkpoint(Checkpoint c, String description) {
        StringBuilder x = new StringBuilder("<domaincheckpoint><name>").append(DomainXml.esc(c.name()))
                .append("</name>");
        if (description != null) {
            x.append("<description>").append(DomainXml.esc(description)).append("</description>");
        }
        if (c.parent() != null) {
            x.append("<parent><name>").append(DomainXml.esc(c.parent())).append("</name></parent>");
        }
        if (c.creationTime() != null) {
            x.append("<creationTime>").append(c.creationTime()).append("</creationTime>");
        }
        x.append("<disks>");
        for (CheckpointDisk d : c.disks()) {
            x.append("<disk name='").append(d.target());
            if (d.bitmap() == null) {
                x.append("' checkpoint='no'/>");
            } else {
                x.append("' checkpoint='bitmap' bitmap='").append(DomainXml.esc(d.bitmap())).append("'/>");
            }
        }
        return x.append("</disks></domaincheckpoint>").toString();
    }

    /**
     * A caller's checkpoint XML, read strictly: {@code domaincheckpoint} with a name, optionally a description, a
     * parent's name, a creation time, and disks each with a bitmap or {@code checkpoint='no'}; anything else (a
     * domain definition, other elements) is refused.
     *
     * @throws IllegalArgumentException naming what is wrong, in words for the caller
     */
    static Checkpoint parseCheckpoint(String xml) {
        XmlTree root;
        try {
            root = XmlTree.parse(xml);
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException("not well-formed XML");
        }
        if (!root.name.equals("domaincheckpoint")) {
            throw new IllegalArgumentException("the root element must be domaincheckpoint");
        }
        String name = null;
        String parent = null;
        Long created = null;
        List<CheckpointDisk> disks = new ArrayList<>();
        for (XmlTree n : root.children) {
            switch (n.name) {
                case "name" -> name = checkedName(n.text, "name");
                case "description" -> { } // free text: not kept
                case "parent" -> {
                    XmlTree pn = n.children.stream().filter(c -> c.name.equals("name")).findFirst()
                            .orElseThrow(() -> new IllegalArgumentException("parent has no name"));
                    parent = checkedName(pn.text, "parent name");
                }
                case "creationTime" -> {
                    try {
                        created = Long.parseLong(n.text.strip());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("creationTime must be a number of seconds");
                    }
                }
                case "disks" -> {
                    for (XmlTree d : n.children) {
                        disks.add(checkpointDisk(d));
                    }
                }
                default -> throw new IllegalArgumentException("element '" + n.name + "' is not accepted in a"
                        + " checkpoint (a checkpoint is given without its domain)");
            }
        }
        if (name == null) {
            throw new IllegalArgumentException("the checkpoint has no name");
        }
        return new Checkpoint(name, parent, created, disks);
    }

    private static CheckpointDisk checkpointDisk(XmlTree d) {
        String target = d.attrs.get("name");
        if (!d.name.equals("disk") || target == null || !DISK.matcher(target).matches()) {
            throw new IllegalArgumentException("each element of disks must be a disk named like vda");
        }
        String kind = d.attrs.getOrDefault("checkpoint", "bitmap");
        if (kind.equals("no")) {
            return new CheckpointDisk(target, null);
        }
        if (!kind.equals("bitmap")) {
            throw new IllegalArgumentException("disk " + target + ": checkpoint must be bitmap or no");
        }
        return new CheckpointDisk(target, checkedName(d.attrs.get("bitmap"), "disk " + target + " bitmap"));
    }

    private static String checkedName(String value, String what) {
        String v = value == null ? "" : value.strip();
        if (!NAME.matcher(v).matches()) {
            throw new IllegalArgumentException(what + " must be 1 to 128 letters, digits or . _ : -");
        }
        return v;
    }

    /** Each backed-up disk's export name and, for an incremental one, its bitmap's name, from libvirt's backup XML. */
    record Export(String exportName, Optional<String> bitmap) {
    }

    static Map<String, Export> exports(String backupXml) throws XMLStreamException {
        Map<String, Export> out = new LinkedHashMap<>();
        for (XmlTree disks : XmlTree.parse(backupXml).children) {
            if (!disks.name.equals("disks")) {
                continue;
            }
            for (XmlTree d : disks.children) {
                String target = d.attrs.get("name");
                if (d.name.equals("disk") && target != null && !"no".equals(d.attrs.get("backup"))) {
                    out.put(target, new Export(d.attrs.getOrDefault("exportname", target),
                            Optional.ofNullable(d.attrs.get("exportbitmap"))));
                }
            }
        }
        return out;
    }

    /** The uid and gid of the domain's QEMU process, from its DAC label; empty when it has none (QEMU runs as us). */
    static Optional<int[]> dacOwner(String domainXml) throws XMLStreamException {
        for (XmlTree n : XmlTree.parse(domainXml).children) {
            if (n.name.equals("seclabel") && "dac".equals(n.attrs.get("model"))) {
                for (XmlTree l : n.children) {
                    var m = l.name.equals("label") ? DAC_LABEL.matcher(l.text.strip()) : null;
                    if (m != null && m.matches()) {
                        return Optional.of(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
                    }
                }
            }
        }
        return Optional.empty();
    }
}
