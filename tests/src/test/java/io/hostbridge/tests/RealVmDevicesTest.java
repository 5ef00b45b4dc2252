package io.hostbridge.tests;

import static io.hostbridge.tests.RealVmAgent.awaitStatus;
import static io.hostbridge.tests.RealVmHost.virshOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.tests.ConformanceClients.EventWatch;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * VM.hotplugDisk, VM.hotunplugDisk, VM.hotplugNic and VM.hotunplugNic on a real QEMU guest (the tiny guest with a shell
 * on its console, which loads the virtio drivers): each device seen by virsh domblklist / domiflist and inside the
 * guest (/sys/block, /sys/class/net), plugged in and out again; the volume is in use while plugged in.
 */
@Tag("realvm")
class RealVmDevicesTest {
    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final Duration STEP = Duration.ofSeconds(30);

    @RegisterExtension
    @org.junit.jupiter.api.Order(1)
    static final RealVmHost host = new RealVmHost();

    @RegisterExtension
    @org.junit.jupiter.api.Order(2)
    static final AgentExtension agent = RealVmAgent.onSystemDaemon();

    private final RealVmAgent api = RealVmAgent.of(agent);


    /** Polls the guest until {@code command}'s output holds {@code text} ({@code present}) or no longer does. */
    private static void awaitInGuest(ConsoleCaller.Console console, String command, String text, boolean present)
            throws Exception {
        Poll.until(STEP, "'" + text + "' " + (present ? "in" : "gone from") + " the guest's " + command,
                () -> ConsoleCaller.inGuest(console, STEP, command).contains(text) == present ? true : null);
    }

    private String newVolume(String sd, String image) throws Exception {
        String volume = UUID.randomUUID().toString();
        String job = (String) api.ok("Volume.create", "volumeID", volume, "storagedomainID", sd, "imageID", image,
                "size", 16 << 20, "volFormat", "COW", "preallocate", "SPARSE");
        Poll.until(STEP, "Volume.create job " + job, () -> "done".equals(api.okMap("Job.getStatus", "jobID", job)
                .get("status")) ? true : null);
        return volume;
    }

    @Test
    void aDiskAndANicArePluggedInAndOutWhileTheGuestRuns() throws Exception {
        String sd = UUID.randomUUID().toString();
        api.ok("StorageDomain.create", "storagedomainID", sd, "domainType", "localfs", "typeArgs",
                host.qemuReadableDirectory().toString(), "name", "devices", "domainClass", "data");
        String image = UUID.randomUUID().toString();
        String volume = newVolume(sd, image);
        String path = (String) api.okMap("Volume.getInfo", "storagedomainID", sd, "imageID", image, "volumeID",
                volume).get("path");

        String vmId = UUID.randomUUID().toString();
        String name = RealVmAgent.name("devices", vmId);
        host.track(host.systemUri(), name);
        try (EventWatch watch = api.watch("vm.status")) {
            api.ok("VM.create", "vmID", vmId, "vmParams", RealVmAgent.tinyGuest(host, vmId, name, "hb.shell=1"));
            awaitStatus(watch, vmId, "Up", BOOT);
            ConsoleCaller.Console console = ConsoleCaller.inMemory(agent).open(vmId, false);
            ConsoleCaller.awaitShell(console, BOOT);
            assertThat(ConsoleCaller.inGuest(console, STEP, "ls /sys/block")).doesNotContain("vda");
            assertThat(ConsoleCaller.inGuest(console, STEP, "cat /proc/modules")).as("the guest's virtio drivers")
                    .contains("virtio_blk", "virtio_net", "virtio_pci");

            Map<String, Object> drive = Map.of("domainID", sd, "imageID", image, "volumeID", volume);
            Map<String, Object> plugged = api.okMap("VM.hotplugDisk", "vmID", vmId, "params", Map.of("drive", drive));
            Map<?, ?> pluggedDrive = (Map<?, ?>) ((List<?>) plugged.get("drives")).get(0);
            assertThat(((List<?>) plugged.get("drives"))).hasSize(1);
            assertThat(pluggedDrive.get("volumeID")).isEqualTo(volume);
            assertThat(pluggedDrive.get("name")).isEqualTo("vda");
            assertThat(virshOk(host.systemUri(), "domblklist", name)).containsPattern("vda\\s+" + path);
            awaitInGuest(console, "ls /sys/block", "vda", true);
            assertThat(api.call("Volume.delete", "storagedomainID", sd, "imageID", image, "volumeID", volume)
                    .message()).as("the plugged volume is in use").contains(vmId);
            assertThat(api.call("VM.hotplugDisk", "vmID", vmId, "params", Map.of("drive", drive)).code())
                    .as("the same volume twice").isEqualTo(5002);

            // the boot NIC's cable pulled and plugged back, as the guest sees it
            String bootMac = (String) ((Map<?, ?>) ((List<?>) api.info(vmId).get("nics")).get(0)).get("macAddr");
            ConsoleCaller.inGuest(console, STEP, "ip link set eth0 up");
            awaitInGuest(console, "cat /sys/class/net/eth0/carrier", "1", true);
            api.ok("VM.updateDevice", "vmID", vmId, "params", Map.of("deviceType", "interface", "macAddr", bootMac,
                    "linkActive", false));
            awaitInGuest(console, "cat /sys/class/net/eth0/carrier", "1", false);
            assertThat(virshOk(host.systemUri(), "domif-getlink", name, bootMac)).contains("down");
            api.ok("VM.updateDevice", "vmID", vmId, "params", Map.of("deviceType", "interface", "macAddr", bootMac,
                    "linkActive", true));
            awaitInGuest(console, "cat /sys/class/net/eth0/carrier", "1", true);

            Map<String, Object> withNic = api.okMap("VM.hotplugNic", "vmID", vmId, "params",
                    Map.of("nic", Map.of("type", "user")));
            List<?> nics = (List<?>) withNic.get("nics");
            assertThat(nics).hasSize(2);
            String mac = (String) ((Map<?, ?>) nics.get(1)).get("macAddr");
            assertThat(virshOk(host.systemUri(), "domiflist", name)).contains(mac);
            awaitInGuest(console, "cat /sys/class/net/*/address", mac, true);

            Map<String, Object> unplugged = api.okMap("VM.hotunplugDisk", "vmID", vmId, "params",
                    Map.of("drive", drive));
            assertThat((List<?>) unplugged.get("drives")).isEmpty();
            assertThat(virshOk(host.systemUri(), "domblklist", name)).doesNotContain(path);
            awaitInGuest(console, "ls /sys/block", "vda", false);

            api.ok("VM.hotunplugNic", "vmID", vmId, "params", Map.of("nic", Map.of("type", "user", "macAddr", mac)));
            assertThat(virshOk(host.systemUri(), "domiflist", name)).doesNotContain(mac);
            awaitInGuest(console, "cat /sys/class/net/*/address", mac, false);
            assertThat(api.call("VM.hotunplugNic", "vmID", vmId, "params", Map.of("nic", Map.of("type", "user",
                    "macAddr", mac))).code()).as("gone already").isEqualTo(5002);

            // no longer in use: storage may delete it
            api.ok("Volume.delete", "storagedomainID", sd, "imageID", image, "volumeID", volume);
            api.ok("VM.destroy", "vmID", vmId);
            awaitStatus(watch, vmId, "Down", STEP);
        }
    }

    /**
     * The RFB handshake a VNC viewer makes (protocol 3.8, VNC authentication: the 16-byte challenge encrypted with DES
     * under the password, each key byte's bits reversed); the server's SecurityResult, 0 when the password is taken.
     */
    static int vncLogin(int port, String password) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            java.io.OutputStream out = socket.getOutputStream();
            assertThat(new String(in.readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII)).startsWith("RFB 003.");
            out.write("RFB 003.008\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            int count = in.readUnsignedByte();
            assertThat(count).as("security types offered").isPositive();
            assertThat(in.readNBytes(count)).as("VNC authentication offered").contains((byte) 2);
            out.write(2);
            byte[] challenge = in.readNBytes(16);
            byte[] key = new byte[8];
            byte[] given = password.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (int i = 0; i < key.length && i < given.length; i++) {
                key[i] = (byte) (Integer.reverse(given[i] & 0xff) >>> 24);
            }
            javax.crypto.Cipher des = javax.crypto.Cipher.getInstance("DES/ECB/NoPadding");
            des.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "DES"));
            out.write(des.doFinal(challenge));
            return in.readInt();
        }
    }

    /** VM.setTicket on a real QEMU guest with a VNC display: a VNC client logs in with that password, and only then. */
    @Test
    void aVncClientLogsInWithTheTicketOnly() throws Exception {
        String vmId = UUID.randomUUID().toString();
        String name = RealVmAgent.name("vnc", vmId);
        host.track(host.systemUri(), name);
        Map<String, Object> params = RealVmAgent.tinyGuest(host, vmId, name, "");
        params.put("display", "vnc");
        try (EventWatch watch = api.watch("vm.status")) {
            api.ok("VM.create", "vmID", vmId, "vmParams", params);
            awaitStatus(watch, vmId, "Up", BOOT);
            Map<String, Object> info = api.info(vmId);
            assertThat(info).containsEntry("display", "vnc").containsEntry("displayIp", "127.0.0.1");
            int port = ((Number) info.get("displayPort")).intValue();
            assertThat(port).isGreaterThanOrEqualTo(5900);
            assertThat(virshOk(host.systemUri(), "domdisplay", name)).contains("vnc://127.0.0.1:" + (port - 5900));

            assertThat(vncLogin(port, "")).as("no password works before a ticket").isNotZero();
            api.ok("VM.setTicket", "vmID", vmId, "password", "hb-7kq2", "ttl", 120, "existingConnAction",
                    "disconnect", "params", Map.of());
            assertThat(vncLogin(port, "hb-7kq2")).as("the ticket's password").isZero();
            assertThat(vncLogin(port, "hb-7kq3")).as("another password").isNotZero();
            assertThat((String) ((Map<?, ?>) api.ok("Host.dumpxmls", "vmList", List.of(vmId))).get(vmId))
                    .as("no secret in the domain XML").contains("<graphics type='vnc'").doesNotContain("hb-7kq2");

            api.ok("VM.setTicket", "vmID", vmId, "password", "hb-short", "ttl", 1);
            Poll.until(STEP, "the 1 s ticket expires", () -> vncLogin(port, "hb-short") != 0 ? true : null);

            api.ok("VM.destroy", "vmID", vmId);
            awaitStatus(watch, vmId, "Down", STEP);
        }
    }

    /**
     * The SPICE link a SPICE viewer makes on the main channel (protocol 2.2, no capabilities: the ticket scheme): the
     * server's 1024-bit RSA key, the password encrypted with it (OAEP, SHA-1), and the server's link result, 0 when
     * the password is taken.
     */
    static int spiceLogin(int port, String password) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            java.io.InputStream in = socket.getInputStream();
            java.io.OutputStream out = socket.getOutputStream();
            java.nio.ByteBuffer link = java.nio.ByteBuffer.allocate(16 + 18).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            link.put("REDQ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(2).putInt(2).putInt(18);
            link.putInt(0).put((byte) 1).put((byte) 0).putInt(0).putInt(0).putInt(18); // main channel, no caps
            out.write(link.array());
            java.nio.ByteBuffer header = java.nio.ByteBuffer.wrap(in.readNBytes(16))
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            assertThat(header.getInt()).as("SPICE magic").isEqualTo(0x51444552);
            header.getInt();
            header.getInt();
            java.nio.ByteBuffer reply = java.nio.ByteBuffer.wrap(in.readNBytes(header.getInt()))
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            assertThat(reply.getInt()).as("link error").isZero();
            byte[] key = new byte[162];
            reply.get(key);
            java.security.PublicKey rsa = java.security.KeyFactory.getInstance("RSA")
                    .generatePublic(new java.security.spec.X509EncodedKeySpec(key));
            javax.crypto.Cipher oaep = javax.crypto.Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
            oaep.init(javax.crypto.Cipher.ENCRYPT_MODE, rsa);
            out.write(oaep.doFinal((password + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return java.nio.ByteBuffer.wrap(in.readNBytes(4)).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        }
    }

    /** VM.setTicket on a guest with a SPICE display (qxl): a SPICE link takes that password, and only it. */
    @Test
    void aSpiceClientLinksWithTheTicketOnly() throws Exception {
        String vmId = UUID.randomUUID().toString();
        String name = RealVmAgent.name("spice", vmId);
        host.track(host.systemUri(), name);
        Map<String, Object> params = RealVmAgent.tinyGuest(host, vmId, name, "");
        params.put("display", "qxl");
        try (EventWatch watch = api.watch("vm.status")) {
            api.ok("VM.create", "vmID", vmId, "vmParams", params);
            awaitStatus(watch, vmId, "Up", BOOT);
            Map<String, Object> info = api.info(vmId);
            assertThat(info).containsEntry("display", "qxl").containsEntry("displayIp", "127.0.0.1");
            int port = ((Number) info.get("displayPort")).intValue();
            assertThat(virshOk(host.systemUri(), "domdisplay", name)).contains("spice://127.0.0.1:" + port);

            assertThat(spiceLogin(port, "")).as("no password works before a ticket").isNotZero();
            api.ok("VM.setTicket", "vmID", vmId, "password", "hb-spice-9", "ttl", 120, "existingConnAction", "keep");
            assertThat(spiceLogin(port, "hb-spice-9")).as("the ticket's password").isZero();
            assertThat(spiceLogin(port, "hb-spice-8")).as("another password").isNotZero();
            assertThat((String) ((Map<?, ?>) api.ok("Host.dumpxmls", "vmList", List.of(vmId))).get(vmId))
                    .as("no secret in the domain XML").contains("<graphics type='spice'").doesNotContain("hb-spice-9");

            api.ok("VM.destroy", "vmID", vmId);
            awaitStatus(watch, vmId, "Down", STEP);
        }
    }

    /**
     * VM.hotplugMemory and hotunplugMemory on a real QEMU guest: the guest sees 128 MiB more once it onlines the new
     * memory blocks, and gives them back once it offlines them.
     */
    @Test
    void memoryIsPluggedInAndOut() throws Exception {
        String vmId = UUID.randomUUID().toString();
        String name = RealVmAgent.name("memory", vmId);
        host.track(host.systemUri(), name);
        Map<String, Object> params = RealVmAgent.tinyGuest(host, vmId, name, "hb.shell=1");
        params.put("memSize", 256);
        params.put("maxMemSize", 1024);
        params.put("maxMemSlots", 4);
        try (EventWatch watch = api.watch("vm.status")) {
            api.ok("VM.create", "vmID", vmId, "vmParams", params);
            awaitStatus(watch, vmId, "Up", BOOT);
            ConsoleCaller.Console console = ConsoleCaller.inMemory(agent).open(vmId, false);
            ConsoleCaller.awaitShell(console, BOOT);
            long before = memTotalKiB(console);
            int memSize = ((Number) api.info(vmId).get("memSize")).intValue();
            Map<String, Object> plugged = api.okMap("VM.hotplugMemory", "vmID", vmId, "params", Map.of("memory",
                    Map.of("size", 128)));
            assertThat(((Number) plugged.get("memSize")).intValue()).isEqualTo(memSize + 128);
            assertThat(virshOk(host.systemUri(), "dumpxml", name)).contains("<memory model='dimm'");
            String online = "for f in /sys/devices/system/memory/memory*/state; do grep -q offline $f && echo online"
                    + " > $f; done; true";
            Poll.until(STEP, "the guest's new memory", () -> {
                ConsoleCaller.inGuest(console, STEP, online);
                return memTotalKiB(console) >= before + 120 * 1024 ? true : null;
            });
            assertThat(api.call("VM.hotplugMemory", "vmID", vmId, "params", Map.of("memory", Map.of("size", 100)))
                    .code()).as("not a multiple of 128 MiB").isEqualTo(5002);

            // the guest offlines the blocks it onlined (the boot memory's blocks refuse: only the new ones go)
            ConsoleCaller.inGuest(console, STEP, "for f in /sys/devices/system/memory/memory*/state; do echo offline"
                    + " > $f 2>/dev/null; done; true");
            Map<String, Object> unplugged = api.okMap("VM.hotunplugMemory", "vmID", vmId, "params", Map.of("memory",
                    Map.of("size", 128)));
            assertThat(((Number) unplugged.get("memSize")).intValue()).isEqualTo(memSize);
            assertThat(virshOk(host.systemUri(), "dumpxml", name)).doesNotContain("<memory model='dimm'");
            console.ok();
            api.ok("VM.destroy", "vmID", vmId);
            awaitStatus(watch, vmId, "Down", STEP);
        }
    }

    private static long memTotalKiB(ConsoleCaller.Console console) throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("MemTotal:\\s+(\\d+) kB").matcher(
                ConsoleCaller.inGuest(console, STEP, "grep MemTotal /proc/meminfo"));
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    /**
     * VM.updateDevice moves a bridge NIC to another host bridge while the guest runs (virsh domiflist), its link state
     * (set down before) kept.
     */
    @Test
    void aBridgeNicMovesToAnotherBridge() throws Exception {
        String suffix = Long.toString(ProcessHandle.current().pid() % 100_000);
        String first = "hbta" + suffix;
        String second = "hbtb" + suffix;
        try {
            for (String bridge : List.of(first, second)) {
                Shell.Result added = Shell.run(List.of("ip", "link", "add", bridge, "type", "bridge"), 30);
                assertThat(added.exit()).as(added.err()).isZero();
            }
            String vmId = UUID.randomUUID().toString();
            String name = RealVmAgent.name("bridge", vmId);
            host.track(host.systemUri(), name);
            Map<String, Object> params = RealVmAgent.tinyGuest(host, vmId, name, "");
            String mac = "52:54:00:7a:00:01";
            params.put("nics", List.of(Map.of("type", "bridge", "bridge", first, "macAddr", mac)));
            try (EventWatch watch = api.watch("vm.status")) {
                api.ok("VM.create", "vmID", vmId, "vmParams", params);
                awaitStatus(watch, vmId, "Up", BOOT);
                assertThat(virshOk(host.systemUri(), "domiflist", name)).contains(first);
                api.ok("VM.updateDevice", "vmID", vmId, "params", Map.of("deviceType", "interface", "macAddr", mac,
                        "linkActive", false));
                Map<String, Object> moved = api.okMap("VM.updateDevice", "vmID", vmId, "params", Map.of("deviceType",
                        "interface", "macAddr", mac, "network", second));
                assertThat(((Map<?, ?>) ((List<?>) moved.get("nics")).get(0)).get("bridge")).isEqualTo(second);
                assertThat(virshOk(host.systemUri(), "domiflist", name)).contains(second).doesNotContain(first);
                assertThat(virshOk(host.systemUri(), "domif-getlink", name, mac)).contains("down");
                api.ok("VM.destroy", "vmID", vmId);
                awaitStatus(watch, vmId, "Down", STEP);
            }
        } finally {
            Shell.run(List.of("ip", "link", "del", first), 30);
            Shell.run(List.of("ip", "link", "del", second), 30);
        }
    }

    /** VM.changeFloppy on a real QEMU guest: an empty floppy drive gets a medium, another, then none again. */
    @Test
    void aFloppyMediumIsInsertedChangedAndEjected() throws Exception {
        String vmId = UUID.randomUUID().toString();
        String name = RealVmAgent.name("floppy", vmId);
        host.track(host.systemUri(), name);
        Map<String, Object> params = RealVmAgent.tinyGuest(host, vmId, name, "");
        String first = host.initrd().toString();
        String second = host.kernel().toString();
        params.put("drives", List.of(Map.of("device", "floppy")));
        try (EventWatch watch = api.watch("vm.status")) {
            api.ok("VM.create", "vmID", vmId, "vmParams", params);
            awaitStatus(watch, vmId, "Up", BOOT);
            assertThat(virshOk(host.systemUri(), "domblklist", name)).containsPattern("fda\\s+-");
            Map<String, Object> inserted = api.okMap("VM.changeFloppy", "vmID", vmId, "driveSpec", Map.of("path",
                    first));
            Map<?, ?> drive = (Map<?, ?>) ((List<?>) inserted.get("drives")).get(0);
            assertThat(drive.get("path")).isEqualTo(first);
            assertThat(drive.get("device")).isEqualTo("floppy");
            assertThat(virshOk(host.systemUri(), "domblklist", name)).containsPattern("fda\\s+" + first);
            api.ok("VM.changeFloppy", "vmID", vmId, "driveSpec", Map.of("path", second, "name", "fda"));
            assertThat(virshOk(host.systemUri(), "domblklist", name)).containsPattern("fda\\s+" + second);
            api.ok("VM.changeFloppy", "vmID", vmId, "driveSpec", Map.of("path", ""));
            assertThat(virshOk(host.systemUri(), "domblklist", name)).containsPattern("fda\\s+-");
            assertThat(api.call("VM.changeCD", "vmID", vmId, "driveSpec", Map.of("path", first)).code())
                    .as("a floppy is no CD-ROM").isEqualTo(5002);
            api.ok("VM.destroy", "vmID", vmId);
            awaitStatus(watch, vmId, "Down", STEP);
        }
    }

    /** VM.changeCD on a real QEMU guest: the medium virsh sees changes, then the tray is empty. */
    @Test
    void aCdromMediumIsChangedAndEjected() throws Exception {
        String vmId = UUID.randomUUID().toString();
        String name = RealVmAgent.name("cdrom", vmId);
        host.track(host.systemUri(), name);
        Map<String, Object> params = RealVmAgent.tinyGuest(host, vmId, name, "");
        // any regular file of the ISO directory is a medium; the guest's own files are there
        String first = host.initrd().toString();
        String second = host.kernel().toString();
        params.put("drives", List.of(Map.of("path", first, "device", "cdrom", "iface", "ide")));
        try (EventWatch watch = api.watch("vm.status")) {
            api.ok("VM.create", "vmID", vmId, "vmParams", params);
            awaitStatus(watch, vmId, "Up", BOOT);
            assertThat(virshOk(host.systemUri(), "domblklist", name)).containsPattern("hda\\s+" + first);

            Map<String, Object> changed = api.okMap("VM.changeCD", "vmID", vmId, "driveSpec", Map.of("path", second));
            assertThat(((Map<?, ?>) ((List<?>) changed.get("drives")).get(0)).get("path")).isEqualTo(second);
            assertThat(virshOk(host.systemUri(), "domblklist", name)).containsPattern("hda\\s+" + second);

            Map<String, Object> ejected = api.okMap("VM.changeCD", "vmID", vmId, "driveSpec", Map.of("path", ""));
            assertThat(((Map<?, ?>) ((List<?>) ejected.get("drives")).get(0)).containsKey("path")).isFalse();
            assertThat(virshOk(host.systemUri(), "domblklist", name)).containsPattern("hda\\s+-");
            assertThat(api.call("VM.changeCD", "vmID", vmId, "driveSpec", Map.of("path", "/etc/passwd")).code())
                    .as("only the ISO directory's files").isEqualTo(5002);
            api.ok("VM.updateDevice", "vmID", vmId, "params", Map.of("deviceType", "disk", "driveSpec",
                    Map.of("path", first, "name", "hda")));
            assertThat(virshOk(host.systemUri(), "domblklist", name)).containsPattern("hda\\s+" + first);
            Map<?, ?> stats = (Map<?, ?>) ((List<?>) api.ok("VM.getStats", "vmID", vmId)).get(0);
            assertThat(stats.get("status")).isEqualTo("Up");

            api.ok("VM.destroy", "vmID", vmId);
            awaitStatus(watch, vmId, "Down", STEP);
        }
    }

    /** VM.setDestroyOnReboot: the guest's own reboot powers the VM off, Down with DestroyedOnReboot. */
    @Test
    void aMarkedGuestThatRebootsIsPoweredOff() throws Exception {
        String vmId = UUID.randomUUID().toString();
        String name = RealVmAgent.name("reboot", vmId);
        host.track(host.systemUri(), name);
        try (EventWatch watch = api.watch("vm.status")) {
            api.ok("VM.create", "vmID", vmId, "vmParams", RealVmAgent.tinyGuest(host, vmId, name, "hb.shell=1"));
            awaitStatus(watch, vmId, "Up", BOOT);
            ConsoleCaller.Console console = ConsoleCaller.inMemory(agent).open(vmId, false);
            ConsoleCaller.awaitShell(console, BOOT);
            api.ok("VM.setDestroyOnReboot", "vmID", vmId);
            console.type("reboot -f\r");
            Map<String, Object> down = awaitStatus(watch, vmId, "Down", STEP);
            assertThat(down).containsEntry("exitReason", "DestroyedOnReboot");
            assertThat(RealVmHost.domstate(host.systemUri(), name)).isNull();
            api.ok("VM.destroy", "vmID", vmId);
        }
    }
}
