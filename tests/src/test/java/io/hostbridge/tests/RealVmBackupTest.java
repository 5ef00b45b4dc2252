package io.hostbridge.tests;

import static io.hostbridge.tests.RealVmAgent.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hostbridge.tests.ConformanceClients.EventWatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup vendor's flow end to end on a real QEMU guest whose disk is a COW volume: a full backup with a
 * checkpoint, downloaded by imageio's own Python client through an image ticket on the backup's NBD URL (over TLS,
 * then the advertised unix socket); the guest writes; an incremental backup from the checkpoint, which the client
 * downloads with {@code incremental=True} onto the full one: only the dirty extents move (the ticket's transferred
 * bytes), and the restored chain equals the guest's disk ({@code qemu-img compare}). Then the VM runs again (a
 * transient domain forgets its checkpoints), the checkpoint is redefined from its dumped XML, and an incremental
 * backup from it works.
 */
@Tag("realvm")
class RealVmBackupTest {
    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final Duration STEP = Duration.ofSeconds(30);
    private static final long SIZE = 64L << 20;
    private static final long MiB = 1 << 20;

    @RegisterExtension
    @org.junit.jupiter.api.Order(1)
    static final RealVmHost host = new RealVmHost();

    private static final Path BACKUPS = backups();

    @RegisterExtension
    @org.junit.jupiter.api.Order(2)
    static final AgentExtension agent = RealVmAgent.onSystemDaemon(Map.of("imageio.tls", "true",
            "vm.backupDir", BACKUPS.toString()));

    static final ImageTickets tickets = new ImageTickets(agent, true);
    private final RealVmAgent api = RealVmAgent.of(agent);
    private static Path imageio;

    @TempDir
    Path tmp;

    private static Path backups() {
        try {
            return host.qemuReadableDirectory().resolve("backup");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void client() throws Exception {
        Shell.Result r = Shell.run(List.of(Path.of(System.getProperty("hostbridge.repo"),
                "scripts/imageio-client.sh").toString()), 600);
        assertThat(r.exit()).as("imageio's client (make test installs it): " + r.err()).isZero();
        imageio = Path.of(r.out().strip());
    }

    /** Runs imageio's client: {@code code} with {@code client} imported, CA the agent's CA file, argv[1:] args. */
    private static void python(String code, String... args) throws Exception {
        String prelude = "import os, sys\nfrom ovirt_imageio import client\nCA = os.environ['HOSTBRIDGE_CA']\n";
        List<String> command = new java.util.ArrayList<>(List.of("env", "PYTHONPATH=" + imageio,
                "HOSTBRIDGE_CA=" + agent.pkiDir().resolve("ca.pem"), "/usr/bin/python3", "-c", prelude + code));
        command.addAll(List.of(args));
        Shell.Result r = Shell.run(command, 300);
        assertThat(r.exit()).as(r.err()).isZero();
    }

    private String cowVolume(String sd, String image) throws Exception {
        String volume = UUID.randomUUID().toString();
        String job = (String) api.ok("Volume.create", "volumeID", volume, "storagedomainID", sd, "imageID", image,
                "size", SIZE, "volFormat", "COW", "preallocate", "SPARSE");
        Poll.until(STEP, "Volume.create job " + job, () -> "done".equals(api.okMap("Job.getStatus", "jobID", job)
                .get("status")) ? true : null);
        return volume;
    }

    /** A read ticket on the backup's NBD URL; returns its id. */
    private String ticket(String nbdUrl, boolean dirty) throws Exception {
        ObjectNode call = ticketJson(nbdUrl, List.of("read"));
        ((ObjectNode) call.get("ticket")).put("dirty", dirty);
        Http.Reply reply = tickets.call("Host.add_image_ticket", call);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return call.get("ticket").get("uuid").asText();
    }

    private long transferred(String ticket) throws Exception {
        return tickets.info(ticket).get("transferred").asLong();
    }

    @Test
    void fullThenIncrementalBackupDownloadsOnlyWhatChangedAndRestoresTheDisk() throws Exception {
        String sd = UUID.randomUUID().toString();
        api.ok("StorageDomain.create", "storagedomainID", sd, "domainType", "localfs", "typeArgs",
                host.qemuReadableDirectory().toString(), "name", "backups", "domainClass", "data");
        String image = UUID.randomUUID().toString();
        String volume = cowVolume(sd, image);
        String path = (String) api.okMap("Volume.getInfo", "storagedomainID", sd, "imageID", image, "volumeID",
                volume).get("path");
        Map<String, Object> disk = Map.of("domainID", sd, "imageID", image, "volumeID", volume, "checkpoint", true);
        String cp1 = UUID.randomUUID().toString();
        String cp2 = UUID.randomUUID().toString();

        String vmId = UUID.randomUUID().toString();
        String name = RealVmAgent.name("backup", vmId);
        host.track(host.systemUri(), name);
        Map<String, Object> params = RealVmAgent.tinyGuest(host, vmId, name, "hb.shell=1");
        params.put("drives", List.of(Map.of("domainID", sd, "imageID", image, "volumeID", volume)));
        Path full = tmp.resolve("full.qcow2");
        Path incremental = tmp.resolve("incremental.qcow2");
        try (EventWatch watch = api.watch("vm.status")) {
            api.ok("VM.create", "vmID", vmId, "vmParams", params);
            awaitStatus(watch, vmId, "Up", BOOT);
            ConsoleCaller.Console console = ConsoleCaller.inMemory(agent).open(vmId, false);
            ConsoleCaller.awaitShell(console, BOOT);
            ConsoleCaller.inGuest(console, STEP, "dd if=/dev/urandom of=/dev/vda bs=1M count=4 conv=fsync 2>/dev/null");

            // full backup, checkpoint cp1
            String b1 = UUID.randomUUID().toString();
            Map<String, Object> started = api.okMap("VM.start_backup", "vmID", vmId, "config", Map.of("backup_id", b1,
                    "disks", List.of(disk), "to_checkpoint_id", cp1));
            String url = (String) ((Map<?, ?>) started.get("disks")).get(image);
            assertThat(url).startsWith("nbd:unix:" + BACKUPS.resolve(b1)).endsWith(":exportname=vda");
            assertThat((String) started.get("checkpoint")).contains("<name>" + cp1 + "</name>");
            assertThat(api.call("VM.start_backup", "vmID", vmId, "config", Map.of("backup_id",
                    UUID.randomUUID().toString(), "disks", List.of(disk))).code()).as("one backup at a time")
                    .isEqualTo(1600);
            assertThat(tickets.call("Host.add_image_ticket", ticketJson(url, List.of("read", "write"))).status())
                    .as("a backup's export is read-only").isEqualTo(400);
            assertThat(tickets.call("Host.add_image_ticket", ticketJson(url.replace(b1, UUID.randomUUID()
                    .toString()), List.of("read"))).status()).as("a socket the agent does not serve").isEqualTo(400);
            // a second VM cannot take the running backup's id (its directory is that backup's)
            String otherVm = UUID.randomUUID().toString();
            String otherName = RealVmAgent.name("backup2", otherVm);
            host.track(host.systemUri(), otherName);
            api.ok("VM.create", "vmID", otherVm, "vmParams", RealVmAgent.tinyGuest(host, otherVm, otherName, ""));
            awaitStatus(watch, otherVm, "Up", BOOT);
            ConformanceClients.Reply sameId = api.call("VM.start_backup", "vmID", otherVm, "config", Map.of(
                    "backup_id", b1, "disks", List.of(disk)));
            assertThat(sameId.code()).isEqualTo(1600);
            assertThat(sameId.message()).contains("runs already");
            assertThat(BACKUPS.resolve(b1).resolve("nbd.sock")).as("the first backup's socket stays").exists();
            api.ok("VM.destroy", "vmID", otherVm);
            awaitStatus(watch, otherVm, "Down", STEP);
            String t1 = ticket(url, false);
            python("client.download(sys.argv[1], sys.argv[2], CA)\n", tickets.url(t1), full.toString());
            long fullBytes = transferred(t1);
            tickets.remove(t1);
            assertThat(api.okMap("VM.backup_info", "vmID", vmId, "backup_id", b1).get("disks"))
                    .isEqualTo(Map.of(image, url));
            api.ok("VM.stop_backup", "vmID", vmId, "backup_id", b1);
            assertThat(BACKUPS.resolve(b1)).as("the backup's socket and scratch file are gone").doesNotExist();
            assertThat(api.call("VM.backup_info", "vmID", vmId, "backup_id", b1).code()).isEqualTo(1601);

            // the guest changes 1 MiB; an incremental backup from cp1 moves about that much
            ConsoleCaller.inGuest(console, STEP,
                    "dd if=/dev/urandom of=/dev/vda bs=1M seek=8 count=1 conv=fsync 2>/dev/null");
            String b2 = UUID.randomUUID().toString();
            url = (String) ((Map<?, ?>) api.okMap("VM.start_backup", "vmID", vmId, "config", Map.of("backup_id", b2,
                    "disks", List.of(disk), "from_checkpoint_id", cp1, "to_checkpoint_id", cp2)).get("disks"))
                    .get(image);
            String t2 = ticket(url, true);
            python("client.download(sys.argv[1], sys.argv[2], CA, incremental=True, backing_file=sys.argv[3],"
                    + " backing_format='qcow2')\n", tickets.url(t2), incremental.toString(), full.toString());
            long incrementalBytes = transferred(t2);
            tickets.remove(t2);
            api.ok("VM.stop_backup", "vmID", vmId, "backup_id", b2);
            assertThat(fullBytes).as("the full backup's data").isBetween(4 * MiB, 5 * MiB);
            assertThat(incrementalBytes).as("bytes moved ~ bytes changed").isBetween(1 * MiB, 2 * MiB);
            Shell.Result compare = Shell.run(List.of("qemu-img", "compare", "-U", incremental.toString(), path), 60);
            assertThat(compare.exit()).as(compare.out() + compare.err()).isZero();

            assertThat(api.ok("VM.list_checkpoints", "vmID", vmId)).isEqualTo(List.of(cp1, cp2));
            String xml = (String) api.okMap("VM.dump_checkpoint", "vmID", vmId, "checkpoint_id", cp2)
                    .get("checkpoint");
            assertThat(xml).contains("<name>" + cp1 + "</name>").doesNotContain("<domain ", "<domain>");
            assertThat(api.okMap("VM.delete_checkpoints", "vmID", vmId, "checkpoint_ids", List.of(cp1)))
                    .isEqualTo(Map.of("checkpoint_ids", List.of(cp1)));
            xml = (String) api.okMap("VM.dump_checkpoint", "vmID", vmId, "checkpoint_id", cp2).get("checkpoint");
            assertThat(api.call("VM.dump_checkpoint", "vmID", vmId, "checkpoint_id", cp1).code()).isEqualTo(1611);

            api.ok("VM.destroy", "vmID", vmId);
            awaitStatus(watch, vmId, "Down", STEP);

            // a new run of the VM knows no checkpoint until it is redefined; the disk kept its bitmap
            api.ok("VM.create", "vmID", vmId, "vmParams", params);
            awaitStatus(watch, vmId, "Up", BOOT);
            assertThat(api.ok("VM.list_checkpoints", "vmID", vmId)).isEqualTo(List.of());
            assertThat(api.call("VM.redefine_checkpoints", "vmID", vmId, "checkpoints", List.of(Map.of("id", cp2,
                    "xml", "<domaincheckpoint><name>" + cp2 + "</name><domain/></domaincheckpoint>"))).code())
                    .as("a checkpoint with its domain").isEqualTo(5002);
            assertThat(api.okMap("VM.redefine_checkpoints", "vmID", vmId, "checkpoints", List.of(Map.of("id", cp2,
                    "xml", xml)))).isEqualTo(Map.of("checkpoint_ids", List.of(cp2)));
            assertThat(api.ok("VM.list_checkpoints", "vmID", vmId)).isEqualTo(List.of(cp2));
            String b3 = UUID.randomUUID().toString();
            url = (String) ((Map<?, ?>) api.okMap("VM.start_backup", "vmID", vmId, "config", Map.of("backup_id", b3,
                    "disks", List.of(disk), "from_checkpoint_id", cp2)).get("disks")).get(image);
            String t3 = ticket(url, true);
            List<?> dirty = Http.JSON.convertValue(tickets.json(t3, "/extents?context=dirty"), List.class);
            assertThat(dirty).as("nothing changed since cp2").allSatisfy(e -> assertThat(((Map<?, ?>) e)
                    .get("dirty")).isEqualTo(false));
            tickets.remove(t3);
            api.ok("VM.stop_backup", "vmID", vmId, "backup_id", b3);
            assertThat(api.okMap("VM.delete_checkpoints", "vmID", vmId, "checkpoint_ids", List.of(cp2, cp1)))
                    .as("a checkpoint that is not there counts as deleted")
                    .isEqualTo(Map.of("checkpoint_ids", List.of(cp2, cp1)));
            api.ok("VM.destroy", "vmID", vmId);
            awaitStatus(watch, vmId, "Down", STEP);
        }
        assertThat(Files.exists(full)).isTrue();
    }

    private static ObjectNode ticketJson(String url, List<String> ops) {
        ObjectNode ticket = Http.JSON.createObjectNode().put("uuid", UUID.randomUUID().toString()).put("size", SIZE)
                .put("timeout", 300).put("url", url);
        ops.forEach(ticket.putArray("ops")::add);
        return Http.JSON.createObjectNode().set("ticket", ticket);
    }
}
