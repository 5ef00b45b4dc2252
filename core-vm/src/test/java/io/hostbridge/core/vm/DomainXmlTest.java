package io.hostbridge.core.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hostbridge.api.vm.DriveDevice;
import io.hostbridge.api.vm.DriveInterface;
import io.hostbridge.api.vm.NicType;
import io.hostbridge.api.vm.VmNic;
import io.hostbridge.api.vm.VmParams;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.Domain;

/** The domain XML the agent builds is what libvirt accepts: each case is defined on the test driver and read back. */
class DomainXmlTest {
    private static Connect libvirt;

    @BeforeAll
    static void connect() throws Exception {
        libvirt = new Connect("test:///default");
    }

    @AfterAll
    static void close() throws Exception {
        libvirt.close();
    }

    private static VmParams params(String name, List<VmNic> nics, Map<String, String> custom) {
        return new VmParams(null, name, 512, 4, "/boot/vmlinuz", "/boot/initrd.img", "console=ttyS0 quiet", List.of(),
                nics, true, custom, null, null, null, null, null, null);
    }

    /** Defines the XML, returns libvirt's own rendering of it, and undefines it again. */
    private static String defineAndReadBack(String xml) throws Exception {
        Domain domain = libvirt.domainDefineXML(xml);
        try {
            return domain.getXMLDesc(0);
        } finally {
            domain.undefine();
        }
    }

    @Test
    void everyKindOfDeviceIsAccepted() throws Exception {
        UUID id = UUID.randomUUID();
        List<DomainXml.Drive> drives = List.of(
                new DomainXml.Drive("/var/lib/images/root.qcow2", "qcow2", DriveInterface.VIRTIO, false, DriveDevice.DISK, null),
                new DomainXml.Drive("/var/lib/images/data.img", "raw", DriveInterface.VIRTIO, true, DriveDevice.DISK, null),
                new DomainXml.Drive("/var/lib/images/install.iso", "raw", DriveInterface.SATA, true, DriveDevice.CDROM, null),
                new DomainXml.Drive("/dev/sdz", "raw", DriveInterface.IDE, false, DriveDevice.DISK, null));
        List<VmNic> nics = List.of(new VmNic(NicType.USER, null, null, "52:54:00:00:00:01"),
                new VmNic(NicType.BRIDGE, "br0", "e1000", "52:54:00:00:00:02"));
        String xml = DomainXml.build(id, params("xml-" + id, nics, Map.of("owner", "a<b>&'\"")), "test", drives);

        String back = defineAndReadBack(xml);

        assertThat(back).contains("<uuid>" + id + "</uuid>", "<memory unit='KiB'>524288</memory>",
                "<vcpu placement='static'>4</vcpu>", "<kernel>/boot/vmlinuz</kernel>", "<initrd>/boot/initrd.img</initrd>",
                "<cmdline>console=ttyS0 quiet</cmdline>", "<source file='/var/lib/images/root.qcow2'/>",
                "<driver name='qemu' type='qcow2'/>", "<target dev='vda' bus='virtio'/>", "<target dev='vdb' bus='virtio'/>",
                "<target dev='sda' bus='sata'/>", "<source dev='/dev/sdz'/>", "<target dev='hda' bus='ide'/>",
                "<interface type='user'>", "<mac address='52:54:00:00:00:01'/>", "<source bridge='br0'/>",
                "<model type='e1000'/>", "<serial type='pty'>", "<console type='pty'>",
                "<hb:custom key=\"owner\">a&lt;b&gt;&amp;'\"</hb:custom>");
        assertThat(DomainXml.targets(drives)).containsExactly("vda", "vdb", "sda", "hda");
    }

    @Test
    void aMinimalVmIsAccepted() throws Exception {
        UUID id = UUID.randomUUID();
        VmParams minimal = new VmParams(id, "min-" + id, 16, null, null, null, null, null, null, false, null, null,
                null, null, null, null, null);
        String back = defineAndReadBack(DomainXml.build(id, minimal, "test", List.of()));
        assertThat(back).contains("<vcpu placement='static'>1</vcpu>", "<boot dev='hd'/>").doesNotContain("<serial");
    }

    /**
     * Room for hot-plugged memory (maxMemory and the NUMA cell it plugs into), an empty floppy on the floppy
     * controller, UEFI firmware without secure boot and an emulated TPM, as libvirt takes them.
     */
    @Test
    void memoryRoomAFloppyUefiAndATpm() throws Exception {
        UUID id = UUID.randomUUID();
        VmParams p = new VmParams(id, "efi-" + id, 256, 2, null, null, null, null, null, false, null, null, null,
                1024, 4, io.hostbridge.api.vm.Firmware.EFI, true);
        List<DomainXml.Drive> drives = List.of(new DomainXml.Drive(null, "raw", DriveInterface.FDC, false,
                DriveDevice.FLOPPY, null));
        String xml = DomainXml.build(id, p, "test", drives);
        assertThat(xml).contains("<maxMemory slots='4' unit='MiB'>1024</maxMemory>",
                "<cell id='0' cpus='0-1' memory='256' unit='MiB'/>", "<os firmware='efi'>",
                "<feature enabled='no' name='secure-boot'/>", "<tpm model='tpm-crb'>",
                "<disk type='file' device='floppy'>", "<target dev='fda' bus='fdc'/>");
        assertThat(DomainXml.dimm(128, 0, "dimm0")).isEqualTo("<memory model='dimm'><alias name='dimm0'/><target>"
                + "<size unit='MiB'>128</size><node>0</node></target></memory>");
    }

    /** Given names are kept and the others fill the gaps; an empty CD-ROM; a VNC display with an expired password. */
    @Test
    void namedDrivesAnEmptyCdromAndAVncDisplay() throws Exception {
        UUID id = UUID.randomUUID();
        List<DomainXml.Drive> drives = List.of(
                new DomainXml.Drive("/var/lib/images/a.img", "raw", DriveInterface.VIRTIO, false, DriveDevice.DISK,
                        "vdc"),
                new DomainXml.Drive("/var/lib/images/b.img", "raw", DriveInterface.VIRTIO, false, DriveDevice.DISK,
                        null),
                new DomainXml.Drive(null, "raw", DriveInterface.SATA, true, DriveDevice.CDROM, null));
        assertThat(DomainXml.targets(drives)).containsExactly("vdc", "vda", "sda");
        VmParams p = new VmParams(id, "vnc-" + id, 64, null, null, null, null, null, null, false, null,
                io.hostbridge.api.vm.DisplayType.VNC, null, null, null, null, null);
        String xml = DomainXml.build(id, p, "test", drives);
        assertThat(xml).contains("passwdValidTo='1970-01-01T00:00:01'", "<model type='vga'/>");
        String back = defineAndReadBack(xml);
        assertThat(back).contains("<target dev='vdc' bus='virtio'/>", "<target dev='sda' bus='sata'/>",
                "<graphics type='vnc'", "listen='127.0.0.1'");
        assertThat(back.substring(back.indexOf("device='cdrom'"), back.indexOf("</disk>", back.indexOf(
                "device='cdrom'")))).doesNotContain("<source");
        assertThatThrownBy(() -> DomainXml.targets(List.of(drives.get(0), drives.get(0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vdc");
        assertThat(DomainXml.displayTicket(io.hostbridge.api.vm.DisplayType.VNC, 5901, "pw'<",
                java.time.Instant.parse("2030-01-02T03:04:05Z"), "disconnect"))
                .contains("type='vnc'", "port='5901'", "passwd='pw&apos;&lt;'", "passwdValidTo='2030-01-02T03:04:05'")
                .doesNotContain("connected=");
        assertThat(DomainXml.displayTicket(io.hostbridge.api.vm.DisplayType.SPICE, 5902, "pw",
                java.time.Instant.parse("2030-01-02T03:04:05Z"), "keep"))
                .contains("type='spice'", "port='5902'", "connected='keep'");
    }

    @Test
    void controlCharactersCannotReachTheXml() {
        UUID id = UUID.randomUUID();
        assertThatThrownBy(() -> DomainXml.build(id, params("cc", List.of(), Map.of("k", "a\u0001b")), "test", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control character");
    }
}
