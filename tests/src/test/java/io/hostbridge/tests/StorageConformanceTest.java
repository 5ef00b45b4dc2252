package io.hostbridge.tests;

import static io.hostbridge.tests.AllBindings.number;
import static io.hostbridge.tests.ConformanceClients.list;
import static io.hostbridge.tests.ConformanceClients.ordered;
import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.tests.ConformanceClients.Client;
import io.hostbridge.tests.ConformanceClients.ReceivedEvent;
import io.hostbridge.tests.ConformanceClients.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every storage, job and task verb through every binding — REST, JSON-RPC over HTTP, XML-RPC and AMQP — against
 * one agent with real domain directories and the real qemu-img: same results, same VDSM error codes.
 */
class StorageConformanceTest {
    private static final int MIB = 1 << 20;
    private static final String BLANK = "00000000-0000-0000-0000-000000000000";
    @RegisterExtension
    static final AllBindings agent = new AllBindings(Map.of());
    private static Path dir;

    static Stream<String> bindings() {
        return AllBindings.callers();
    }

    @BeforeAll
    static void directory() throws Exception {
        dir = Files.createTempDirectory("hostbridge-sd");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        Shell.run(List.of("rm", "-rf", dir.toString()), 30);
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object result) {
        return (List<String>) result;
    }

    private static Reply ok(Client client, String verb, Map<String, Object> params) throws Exception {
        Reply reply = client.call(verb, params);
        assertThat(reply.ok()).as(verb + " over " + client.name() + ": " + reply).isTrue();
        return reply;
    }

    /** A new active data domain in its own directory. */
    private static String domain(Client client) throws Exception {
        String id = UUID.randomUUID().toString();
        Path typeArgs = Files.createDirectory(dir.resolve(client.name() + "-" + id.substring(0, 8)));
        ok(client, "StorageDomain.create", ordered("storagedomainID", id, "domainType", "localfs", "typeArgs",
                typeArgs.toString(), "name", "sd over " + client.name(), "domainClass", "data"));
        return id;
    }

    private static String createVolume(Client client, String sd, String image, String volume, String format,
                                       String allocation, String parent) throws Exception {
        return (String) ok(client, "Volume.create", ordered("volumeID", volume, "storagedomainID", sd, "imageID",
                image, "size", 4 * MIB, "volFormat", format, "preallocate", allocation, "desc", "d", "srcImgUUID",
                BLANK, "srcVolUUID", parent == null ? BLANK : parent)).result();
    }

    private static Map<String, Object> info(Client client, String sd, String image, String volume) throws Exception {
        return ok(client, "Volume.getInfo", ordered("storagedomainID", sd, "imageID", image, "volumeID", volume))
                .map();
    }

    private static Map<String, Object> awaitJob(Client client, String job) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            Map<String, Object> status = ok(client, "Job.getStatus", ordered("jobID", job)).map();
            if (List.of("done", "failed", "aborted").contains(status.get("status"))) {
                return status;
            }
            assertThat(Instant.now()).as("job " + job + " ends").isBefore(deadline);
            Thread.sleep(50); // a polling client's interval
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void domainsAreCreatedListedInspectedAndRemoved(String binding) throws Exception {
        Client client = agent.client(binding);
        String sd = domain(client);
        assertThat(strings(ok(client, "Host.getStorageDomains", Map.of()).result())).contains(sd);
        assertThat(strings(ok(client, "Host.getStorageDomains", ordered("storagepoolID", BLANK, "domainClass",
                "iso")).result())).doesNotContain(sd);
        Map<String, Object> info = ok(client, "StorageDomain.getInfo", ordered("storagedomainID", sd)).map();
        assertThat(info).containsEntry("uuid", sd).containsEntry("type", "localfs").containsEntry("class", "data")
                .containsEntry("status", "active");
        assertThat(number(info.get("version"))).isEqualTo(5);
        Map<String, Object> stats = ok(client, "StorageDomain.getStats", ordered("storagedomainID", sd)).map();
        assertThat(number(stats.get("disktotal"))).isPositive();
        assertThat(number(stats.get("volumeCount"))).isZero();
        ok(client, "StorageDomain.deactivate", ordered("storagedomainID", sd));
        assertThat(client.call("Volume.create", ordered("volumeID", UUID.randomUUID().toString(), "storagedomainID",
                sd, "imageID", UUID.randomUUID().toString(), "size", MIB, "volFormat", "RAW", "preallocate",
                "SPARSE")).code()).isEqualTo(369);
        ok(client, "StorageDomain.activate", ordered("storagedomainID", sd));
        assertThat(strings(ok(client, "StorageDomain.getImages", ordered("storagedomainID", sd)).result())).isEmpty();
        ok(client, "StorageDomain.format", ordered("storagedomainID", sd));
        assertThat(client.call("StorageDomain.getInfo", ordered("storagedomainID", sd)).code()).isEqualTo(358);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void volumesFormChainsAndReportTheirSizes(String binding) throws Exception {
        Client client = agent.client(binding);
        String sd = domain(client);
        String image = UUID.randomUUID().toString();
        String base = UUID.randomUUID().toString();
        String top = UUID.randomUUID().toString();
        String created = createVolume(client, sd, image, base, "RAW", "SPARSE", null);
        assertThat(ok(client, "Job.getStatus", ordered("jobID", created)).map()).containsEntry("status", "done");
        createVolume(client, sd, image, top, "COW", "SPARSE", base);

        Map<String, Object> info = info(client, sd, image, top);
        assertThat(info).containsEntry("uuid", top).containsEntry("parent", base).containsEntry("format", "COW")
                .containsEntry("type", "SPARSE").containsEntry("legality", "LEGAL").containsEntry("voltype", "LEAF")
                .containsEntry("inUse", false);
        assertThat(number(info.get("capacity"))).isEqualTo(4 * MIB);
        assertThat(number(info.get("apparentsize"))).isPositive();
        String chain = Shell.run(List.of("qemu-img", "info", "--backing-chain", (String) info.get("path")), 30).out();
        assertThat(chain).contains("backing file: " + base, "file format: raw");
        assertThat(info(client, sd, image, base)).containsEntry("voltype", "INTERNAL").containsEntry("parent", BLANK);

        Map<String, Object> size = ok(client, "Volume.getSize", ordered("storagedomainID", sd, "imageID", image,
                "volumeID", base)).map();
        assertThat(number(size.get("apparentsize"))).isEqualTo(4 * MIB);
        Map<String, Object> measure = ok(client, "Volume.measure", ordered("storagedomainID", sd, "imageID", image,
                "volumeID", top, "dest_format", "COW")).map();
        assertThat(number(measure.get("fullyAllocated"))).isGreaterThanOrEqualTo(4 * MIB);
        ok(client, "Volume.extendSize", ordered("storagedomainID", sd, "imageID", image, "volumeID", top, "newSize",
                8 * MIB));
        assertThat(number(info(client, sd, image, top).get("capacity"))).isEqualTo(8 * MIB);
        assertThat(client.call("Volume.extendSize", ordered("storagedomainID", sd, "imageID", image, "volumeID", top,
                "newSize", MIB)).code()).isEqualTo(232);
        assertThat(client.call("Volume.delete", ordered("storagedomainID", sd, "imageID", image, "volumeID", base))
                .code()).isEqualTo(204);
        assertThat(strings(ok(client, "StorageDomain.getVolumes", ordered("storagedomainID", sd, "imageID", image))
                .result())).containsExactlyInAnyOrder(base, top);
        assertThat(strings(ok(client, "Image.getVolumes", ordered("storagedomainID", sd, "imageID", image))
                .result())).as("base first").containsExactly(base, top);
        assertThat(client.call("Image.getVolumes", ordered("storagedomainID", sd, "imageID",
                UUID.randomUUID().toString())).code()).isEqualTo(268);
        ok(client, "Volume.delete", ordered("storagedomainID", sd, "imageID", image, "volumeID", top));
        Map<String, Object> deleted = awaitJob(client, (String) ok(client, "Image.delete", ordered("storagedomainID",
                sd, "imageID", image)).result());
        assertThat(deleted).containsEntry("status", "done").containsEntry("description", "delete_image");
        assertThat(strings(ok(client, "StorageDomain.getImages", ordered("storagedomainID", sd)).result())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void copiesRunAsJobsAndTheirDataMatches(String binding) throws Exception {
        Client client = agent.client(binding);
        String sd = domain(client);
        String image = UUID.randomUUID().toString();
        String raw = UUID.randomUUID().toString();
        createVolume(client, sd, image, raw, "RAW", "SPARSE", null);
        String rawPath = (String) info(client, sd, image, raw).get("path");
        assertThat(Shell.run(List.of("qemu-io", "-f", "raw", "-c", "write -P 0x3c 1M 1M", rawPath), 30).exit())
                .isZero();
        String cowImage = UUID.randomUUID().toString();
        String cow = UUID.randomUUID().toString();
        String job = (String) ok(client, "Volume.copy", ordered("storagedomainID", sd, "imageID", image, "volumeID",
                raw, "dstSdUUID", sd, "dstImgUUID", cowImage, "dstVolUUID", cow, "volFormat", "COW", "preallocate",
                "SPARSE")).result();
        Map<String, Object> done = awaitJob(client, job);
        assertThat(done).containsEntry("status", "done").containsEntry("job_type", "storage");
        assertThat(((Number) done.get("progress")).doubleValue()).isEqualTo(100.0);
        String cowPath = (String) info(client, sd, cowImage, cow).get("path");
        assertThat(Shell.run(List.of("qemu-img", "compare", "-f", "raw", "-F", "qcow2", rawPath, cowPath), 30).exit())
                .isZero();

        String target = UUID.randomUUID().toString();
        String targetImage = UUID.randomUUID().toString();
        assertThat(awaitJob(client, createVolume(client, sd, targetImage, target, "RAW", "PREALLOCATED", null)))
                .containsEntry("status", "done").containsEntry("description", "create_volume");
        String copyJob = UUID.randomUUID().toString();
        ok(client, "SDM.copy_data", ordered("job_id", copyJob, "source", Map.of("endpoint_type", "div", "sd_id", sd,
                "img_id", cowImage, "vol_id", cow), "destination", Map.of("sd_id", sd, "img_id", targetImage,
                "vol_id", target)));
        assertThat(awaitJob(client, copyJob)).containsEntry("status", "done").containsEntry("description", "copy_data");
        assertThat(Shell.run(List.of("qemu-img", "compare", "-f", "qcow2", "-F", "raw", cowPath,
                (String) info(client, sd, targetImage, target).get("path")), 30).exit()).isZero();

        Map<String, Object> jobs = ok(client, "Host.getJobs", ordered("job_type", "storage", "job_ids",
                list(job, copyJob))).map();
        assertThat(jobs).containsOnlyKeys(job, copyJob);
        Map<String, Object> tasks = ok(client, "Host.getAllTasksStatuses", Map.of()).map();
        @SuppressWarnings("unchecked")
        Map<String, Object> task = (Map<String, Object>) tasks.get(copyJob);
        assertThat(task).containsEntry("taskState", "finished")
                .containsEntry("taskResult", "success");
        assertThat(ok(client, "Task.getStatus", ordered("taskID", job)).map()).containsEntry("taskID", job);
        assertThat(ok(client, "Task.getInfo", ordered("taskID", copyJob)).map()).containsEntry("id", copyJob)
                .containsEntry("verb", "copy_data");
        @SuppressWarnings("unchecked")
        Map<String, Object> info = (Map<String, Object>) ok(client, "Host.getAllTasksInfo", Map.of()).map().get(job);
        assertThat(info).containsEntry("id", job).containsEntry("verb", "copy_volume");
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) ok(client, "Host.getAllTasks", Map.of()).map().get(copyJob);
        assertThat(details).containsEntry("id", copyJob).containsEntry("verb", "copy_data").containsEntry("tag", "storage")
                .containsEntry("state", "finished").containsEntry("taskResult", "success");
        assertThat(number(details.get("code"))).isZero();
        assertThat(client.call("Task.getInfo", ordered("taskID", UUID.randomUUID().toString())).code()).isEqualTo(401);
        ok(client, "Task.clear", ordered("taskID", job));
        ok(client, "Job.delete", ordered("jobID", copyJob));
        assertThat(client.call("Job.getStatus", ordered("jobID", job)).code()).isEqualTo(401);
        assertThat(client.call("Task.stop", ordered("taskID", copyJob)).code()).isEqualTo(401);
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void maintenanceVerbsDescribeCheckAndChangeVolumesAndDomains(String binding) throws Exception {
        Client client = agent.client(binding);
        String sd = domain(client);
        ok(client, "StorageDomain.setDescription", ordered("storagedomainID", sd, "description", "described"));
        assertThat(ok(client, "StorageDomain.getInfo", ordered("storagedomainID", sd)).map())
                .containsEntry("name", "described");
        ok(client, "StorageDomain.validate", ordered("storagedomainID", sd));
        assertThat(ok(client, "StorageDomain.getFileStats", ordered("storagedomainID", sd, "pattern", "*.iso"))
                .map()).as("a data domain has no ISO files").isEmpty();
        Map<String, Object> vitals = ok(client, "Host.getStorageRepoStats", ordered("domains", List.of(sd))).map();
        assertThat(vitals).containsOnlyKeys(sd);
        assertThat((Map<String, Object>) vitals.get(sd)).containsEntry("valid", true).containsEntry("acquired", true);
        assertThat(number(((Map<?, ?>) vitals.get(sd)).get("code"))).isZero();

        String image = UUID.randomUUID().toString();
        String base = UUID.randomUUID().toString();
        String top = UUID.randomUUID().toString();
        createVolume(client, sd, image, base, "COW", "SPARSE", null);
        createVolume(client, sd, image, top, "COW", "SPARSE", base);
        Map<String, Object> qemu = ok(client, "Volume.getQemuImageInfo", ordered("volumeID", top, "storagedomainID", sd,
                "imageID", image)).map();
        assertThat(qemu).containsEntry("format", "qcow2").containsEntry("compat", "1.1")
                .containsEntry("backingfile", base);
        assertThat(number(qemu.get("virtualsize"))).isEqualTo(4 * MIB);
        assertThat(number(qemu.get("clustersize"))).isEqualTo(65536);

        Map<String, Object> vol = ordered("sd_id", sd, "img_id", image, "vol_id", top);
        String job = UUID.randomUUID().toString();
        ok(client, "SDM.add_bitmap", ordered("job_id", job, "vol_info", vol, "bitmap", "cp-" + binding));
        assertThat(awaitJob(client, job)).containsEntry("status", "done").containsEntry("description", "add_bitmap");
        List<?> bitmaps = (List<?>) ok(client, "Volume.getQemuImageInfo", ordered("volumeID", top, "storagedomainID",
                sd, "imageID", image)).map().get("bitmaps");
        assertThat(bitmaps).singleElement().satisfies(b -> assertThat((Map<String, Object>) b).containsEntry("name",
                "cp-" + binding));
        Reply missing = client.call("SDM.remove_bitmap", ordered("job_id", UUID.randomUUID().toString(), "vol_info",
                vol, "bitmap", "no-such-bitmap"));
        assertThat(missing.code()).isEqualTo(947);
        String clear = UUID.randomUUID().toString();
        ok(client, "SDM.clear_bitmaps", ordered("job_id", clear, "vol_info", vol));
        assertThat(awaitJob(client, clear)).containsEntry("status", "done");
        String amend = UUID.randomUUID().toString();
        ok(client, "SDM.amend_volume", ordered("job_id", amend, "vol_info", vol, "qcow2_attr", ordered("compat",
                "0.10")));
        assertThat(awaitJob(client, amend)).containsEntry("status", "done");
        assertThat(ok(client, "Volume.getQemuImageInfo", ordered("volumeID", top, "storagedomainID", sd, "imageID",
                image)).map()).containsEntry("compat", "0.10").containsEntry("bitmaps", List.of());
        Reply raw = client.call("SDM.amend_volume", ordered("job_id", UUID.randomUUID().toString(), "vol_info", vol,
                "qcow2_attr", ordered("compat", "2.0")));
        assertThat(raw.code()).isEqualTo(5002);

        ok(client, "SDM.update_volume", ordered("job_id", UUID.randomUUID().toString(), "vol_info", vol, "vol_attr",
                ordered("description", "updated")));
        assertThat(info(client, sd, image, top)).containsEntry("description", "updated");
        Map<String, Object> prepared = ok(client, "Image.prepare", ordered("storagedomainID", sd, "imageID", image,
                "volumeID", top)).map();
        assertThat(prepared).containsEntry("path", info(client, sd, image, top).get("path"));
        assertThat((List<?>) prepared.get("imgVolumesInfo")).hasSize(2);
        ok(client, "Volume.refresh", ordered("volumeID", top, "storagedomainID", sd, "imageID", image));
        ok(client, "Volume.verify_untrusted", ordered("storagedomainID", sd, "imageID", image, "volumeID", top));
        ok(client, "Volume.setDescription", ordered("volumeID", top, "storagedomainID", sd, "imageID", image,
                "description", "set"));
        ok(client, "Volume.setLegality", ordered("volumeID", top, "storagedomainID", sd, "imageID", image,
                "legality", "ILLEGAL"));
        assertThat(info(client, sd, image, top)).containsEntry("description", "set").containsEntry("legality",
                "ILLEGAL");
        assertThat(client.call("Image.prepare", ordered("storagedomainID", sd, "imageID", image, "volumeID", top))
                .code()).isEqualTo(227);
        Map<String, Object> dump = ok(client, "StorageDomain.dump", ordered("sd_id", sd)).map();
        assertThat((Map<String, Object>) dump.get("metadata")).containsEntry("name", "described");
        assertThat((Map<String, Object>) dump.get("volumes")).containsOnlyKeys(base, top);

        Reply illegalCopy = client.call("Image.move", ordered("imageID", image, "storagedomainID", sd, "dstSdUUID",
                domain(client), "operation", "COPY"));
        assertThat(illegalCopy.code()).as("an ILLEGAL volume is not copied").isEqualTo(227);
        ok(client, "Volume.setLegality", ordered("volumeID", top, "storagedomainID", sd, "imageID", image,
                "legality", "LEGAL"));
        String other = domain(client);
        Map<String, Object> copied = awaitJob(client, (String) ok(client, "Image.move", ordered("imageID", image,
                "storagedomainID", sd, "dstSdUUID", other, "operation", "COPY")).result());
        assertThat(copied).containsEntry("status", "done").containsEntry("description", "copy_image");
        assertThat(strings(ok(client, "Image.getVolumes", ordered("storagedomainID", other, "imageID", image))
                .result())).containsExactly(base, top);
        assertThat(client.call("Image.cloneStructure", ordered("imageID", image, "storagedomainID", sd, "dstSdUUID",
                other)).code()).as("the clones exist").isEqualTo(212);
        Map<String, Object> synced = awaitJob(client, (String) ok(client, "Image.syncData", ordered("imageID", image,
                "storagedomainID", sd, "dstSdUUID", other, "syncType", "LEAF")).result());
        assertThat(synced).containsEntry("status", "done").containsEntry("description", "sync_data");
        // the copy's top merged into its base, cold
        String merge = UUID.randomUUID().toString();
        ok(client, "SDM.merge", ordered("job_id", merge, "subchain_info", ordered("sd_id", other, "img_id", image,
                "top_id", top, "base_id", base)));
        assertThat(awaitJob(client, merge)).containsEntry("status", "done").containsEntry("description", "merge");
        assertThat(ok(client, "Volume.getInfo", ordered("storagedomainID", other, "imageID", image, "volumeID", top))
                .map()).containsEntry("legality", "ILLEGAL");
        String sparsify = UUID.randomUUID().toString();
        ok(client, "SDM.sparsify_volume", ordered("job_id", sparsify, "vol_info", vol));
        assertThat(awaitJob(client, sparsify)).containsEntry("status", "done");
        assertThat(client.call("Image.deleteVolumes", ordered("imageID", image, "storagedomainID", sd, "volumeList",
                List.of(base))).code()).isEqualTo(204);
        ok(client, "Image.deleteVolumes", ordered("imageID", image, "storagedomainID", sd, "volumeList",
                List.of(top)));
        assertThat(strings(ok(client, "Image.getVolumes", ordered("storagedomainID", sd, "imageID", image)).result()))
                .containsExactly(base);
    }

    /**
     * Image.reconcileVolumeChain after a merge the metadata did not see (qemu-img commit of the middle volume and the
     * leaf rebased onto the base, as a live internal merge leaves them), and the teardown verbs, on every binding.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void reconcileFollowsTheFilesAndTeardownChecksTheVolume(String binding) throws Exception {
        Client client = agent.client(binding);
        String sd = domain(client);
        String image = UUID.randomUUID().toString();
        String base = UUID.randomUUID().toString();
        String mid = UUID.randomUUID().toString();
        String leaf = UUID.randomUUID().toString();
        createVolume(client, sd, image, base, "COW", "SPARSE", null);
        createVolume(client, sd, image, mid, "COW", "SPARSE", base);
        createVolume(client, sd, image, leaf, "COW", "SPARSE", mid);
        String midPath = (String) info(client, sd, image, mid).get("path");
        String leafPath = (String) info(client, sd, image, leaf).get("path");
        Shell.Result commit = Shell.run(List.of("qemu-img", "commit", "-q", "-f", "qcow2", midPath), 30);
        assertThat(commit.exit()).as(commit.err()).isZero();
        Shell.Result rebase = Shell.run(List.of("qemu-img", "rebase", "-u", "-f", "qcow2", "-F", "qcow2", "-b", base,
                leafPath), 30);
        assertThat(rebase.exit()).as(rebase.err()).isZero();

        Object chain = ok(client, "Image.reconcileVolumeChain", ordered("storagedomainID", sd, "imageID", image,
                "leafVolID", leaf)).result();
        assertThat(strings(chain)).containsExactly(base, leaf);
        assertThat(info(client, sd, image, leaf)).containsEntry("parent", base);
        assertThat(info(client, sd, image, mid)).containsEntry("legality", "ILLEGAL");
        assertThat(client.call("Image.reconcileVolumeChain", ordered("storagedomainID", sd, "imageID",
                UUID.randomUUID().toString(), "leafVolID", leaf)).code()).isEqualTo(268);

        ok(client, "Image.teardown", ordered("storagedomainID", sd, "imageID", image));
        ok(client, "Image.teardown", ordered("storagedomainID", sd, "imageID", image, "volumeID", leaf));
        ok(client, "Volume.teardown", ordered("storagedomainID", sd, "imageID", image, "volumeID", leaf));
        assertThat(client.call("Image.teardown", ordered("storagedomainID", sd, "imageID",
                UUID.randomUUID().toString())).code()).isEqualTo(268);
        assertThat(client.call("Volume.teardown", ordered("storagedomainID", sd, "imageID", image, "volumeID",
                UUID.randomUUID().toString())).code()).isEqualTo(201);
        assertThat(client.call("Volume.teardown", ordered("storagedomainID", UUID.randomUUID().toString(),
                "imageID", image, "volumeID", leaf)).code()).isEqualTo(358);
    }

    /**
     * VM.getDiskAlignment of volumes (no VM: the blank vmID, as VDSM) whose partition tables sfdisk wrote: an MBR with
     * an aligned and a misaligned primary and a logical partition, in a RAW volume; a GPT, copied into a COW volume
     * with qemu-io.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void diskAlignmentIsReadFromThePartitionTables(String binding) throws Exception {
        Client client = agent.client(binding);
        String sd = domain(client);
        String image = UUID.randomUUID().toString();
        String raw = UUID.randomUUID().toString();
        createVolume(client, sd, image, raw, "RAW", "SPARSE", null);
        String rawPath = (String) info(client, sd, image, raw).get("path");
        sfdisk(rawPath, "label: dos\nstart=2048,size=1024\nstart=3100,size=500\nstart=4096,size=4000,type=5\n"
                + "start=6144,size=1000\n");
        String blank = "00000000-0000-0000-0000-000000000000";
        Map<String, Object> mbr = ok(client, "VM.getDiskAlignment", ordered("vmID", blank, "disk", ordered(
                "domainID", sd, "imageID", image, "volumeID", raw))).map();
        assertThat(mbr).isEqualTo(Map.of("/dev/sda1", true, "/dev/sda2", false, "/dev/sda3", true, "/dev/sda5",
                true));

        String cowImage = UUID.randomUUID().toString();
        String cow = UUID.randomUUID().toString();
        createVolume(client, sd, cowImage, cow, "COW", "SPARSE", null);
        java.nio.file.Path table = java.nio.file.Files.createTempFile("gpt", ".raw");
        try {
            try (var f = new java.io.RandomAccessFile(table.toFile(), "rw")) {
                f.setLength(4 * MIB);
            }
            sfdisk(table.toString(), "label: gpt\nstart=2048,size=2048\nstart=4097,size=1000\n");
            Shell.Result copy = Shell.run(List.of("qemu-io", "-f", "qcow2", "-c", "write -s " + table + " 0 "
                    + 4 * MIB, (String) info(client, sd, cowImage, cow).get("path")), 30);
            assertThat(copy.exit()).as(copy.out() + copy.err()).isZero();
        } finally {
            java.nio.file.Files.deleteIfExists(table);
        }
        assertThat(ok(client, "VM.getDiskAlignment", ordered("vmID", blank, "disk", ordered("domainID", sd,
                "imageID", cowImage, "volumeID", cow))).map())
                .isEqualTo(Map.of("/dev/sda1", true, "/dev/sda2", false));
        assertThat(client.call("VM.getDiskAlignment", ordered("vmID", UUID.randomUUID().toString(), "disk",
                ordered("domainID", sd, "imageID", image, "volumeID", raw))).code()).isEqualTo(1);
    }

    private static void sfdisk(String file, String script) throws Exception {
        Shell.Result r = Shell.run(List.of("sh", "-c", "printf '" + script + "' | sfdisk -q \"$0\"", file), 30);
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
    }

    /** NBD.start_server and stop_server on every binding, the export used by qemu-io and qemu-img (clients we did not write). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void nbdServersExportVolumesToQemuClients(String binding) throws Exception {
        Client client = agent.client(binding);
        String sd = domain(client);
        String image = UUID.randomUUID().toString();
        String volume = UUID.randomUUID().toString();
        createVolume(client, sd, image, volume, "COW", "SPARSE", null);
        Map<String, Object> vol = ordered("sd_id", sd, "img_id", image, "vol_id", volume);
        String server = UUID.randomUUID().toString();
        String url = (String) ok(client, "NBD.start_server", ordered("server_id", server, "config", vol)).result();
        assertThat(url).startsWith("nbd:unix:").endsWith(":exportname=" + server);
        assertThat(info(client, sd, image, volume)).containsEntry("legality", "ILLEGAL").containsEntry("inUse", true);
        assertThat(client.call("Volume.delete", ordered("storagedomainID", sd, "imageID", image, "volumeID", volume))
                .message()).contains("NBD server " + server);
        Shell.Result write = Shell.run(List.of("qemu-io", "-f", "raw", "-c", "write -P 0x5a 0 64k", url), 30);
        assertThat(write.exit()).as(write.err()).isZero();
        assertThat(client.call("NBD.start_server", ordered("server_id", server, "config", vol)).code())
                .as("the id runs already").isEqualTo(5002);
        ok(client, "NBD.stop_server", ordered("server_id", server));
        ok(client, "NBD.stop_server", ordered("server_id", server)); // stopped before: fine
        assertThat(info(client, sd, image, volume)).containsEntry("legality", "LEGAL").containsEntry("inUse", false);
        String path = (String) info(client, sd, image, volume).get("path");
        Shell.Result read = Shell.run(List.of("qemu-io", "-r", "-f", "qcow2", "-c", "read -P 0x5a 0 64k", path), 30);
        assertThat(read.exit()).as(read.err() + read.out()).isZero();

        String bitmap = UUID.randomUUID().toString();
        String job = UUID.randomUUID().toString();
        ok(client, "SDM.add_bitmap", ordered("job_id", job, "vol_info", vol, "bitmap", bitmap));
        assertThat(awaitJob(client, job)).containsEntry("status", "done");
        assertThat(client.call("NBD.start_server", ordered("server_id", UUID.randomUUID().toString(), "config",
                ordered("sd_id", sd, "img_id", image, "vol_id", volume, "bitmap", bitmap))).code())
                .as("a bitmap is exported read-only only").isEqualTo(5002);
        String reader = UUID.randomUUID().toString();
        String readUrl = (String) ok(client, "NBD.start_server", ordered("server_id", reader, "config",
                ordered("sd_id", sd, "img_id", image, "vol_id", volume, "readonly", true, "bitmap", bitmap))).result();
        Shell.Result size = Shell.run(List.of("qemu-img", "info", "--output=json", readUrl), 30);
        assertThat(size.out()).as(size.err()).contains("\"virtual-size\": " + 4 * MIB);
        Shell.Result refused = Shell.run(List.of("qemu-io", "-f", "raw", "-c", "write 0 4k", readUrl), 30);
        assertThat(refused.exit() != 0 || refused.out().contains("failed")).as("a read-only export").isTrue();
        assertThat(info(client, sd, image, volume)).containsEntry("legality", "LEGAL");
        ok(client, "NBD.stop_server", ordered("server_id", reader));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void badRequestsGetVdsmsStorageCodes(String binding) throws Exception {
        Client client = agent.client(binding);
        String sd = domain(client);
        String unknown = UUID.randomUUID().toString();
        assertThat(client.call("StorageDomain.getStats", ordered("storagedomainID", unknown)).code()).isEqualTo(358);
        assertThat(client.call("Volume.getInfo", ordered("storagedomainID", sd, "imageID", unknown, "volumeID",
                unknown)).code()).isEqualTo(201);
        assertThat(client.call("Image.delete", ordered("storagedomainID", sd, "imageID", unknown)).code())
                .isEqualTo(268);
        assertThat(client.call("Job.abort", ordered("jobID", unknown)).code()).isEqualTo(401);
        Reply notUuid = client.call("Volume.getInfo", ordered("storagedomainID", "../../etc", "imageID", unknown,
                "volumeID", unknown));
        assertThat(notUuid.code()).isEqualTo(5002);
        assertThat(notUuid.message()).contains("storagedomainID", "not a UUID");
        Reply relative = client.call("StorageDomain.create", ordered("storagedomainID", unknown, "domainType",
                "localfs", "typeArgs", "relative/dir", "name", "x", "domainClass", "data"));
        assertThat(relative.code()).isEqualTo(390);
        assertThat(relative.message()).contains("absolute");
        Reply badSize = client.call("Volume.create", ordered("volumeID", unknown, "storagedomainID", sd, "imageID",
                unknown, "size", 0, "volFormat", "RAW", "preallocate", "SPARSE"));
        assertThat(badSize.code()).isEqualTo(5002);
        assertThat(badSize.message()).contains("'size'");
        String image = UUID.randomUUID().toString();
        String volume = UUID.randomUUID().toString();
        createVolume(client, sd, image, volume, "RAW", "SPARSE", null);
        assertThat(client.call("Volume.create", ordered("volumeID", volume, "storagedomainID", sd, "imageID", image,
                "size", MIB, "volFormat", "RAW", "preallocate", "SPARSE")).code()).isEqualTo(212);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bindings")
    void jobEventsArriveOnEveryBinding(String binding) throws Exception {
        Client client = agent.client(binding);
        String sd = domain(client);
        // keep making volumes until the subscriber (subscribed inside nextEvent) has seen a job.status event
        ScheduledExecutorService pump = Executors.newSingleThreadScheduledExecutor();
        pump.scheduleWithFixedDelay(() -> {
            try {
                agent.client("rest").call("Volume.create", ordered("volumeID", UUID.randomUUID().toString(),
                        "storagedomainID", sd, "imageID", UUID.randomUUID().toString(), "size", MIB, "volFormat", "RAW",
                        "preallocate", "SPARSE"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, 0, 200, TimeUnit.MILLISECONDS);
        try {
            ReceivedEvent event = client.nextEvent("job.status", Duration.ofSeconds(20));
            assertThat(event.hostId()).isEqualTo(agent.hostId());
            Map<?, ?> payload = (Map<?, ?>) event.payload();
            assertThat(payload.get("id")).isNotNull();
            assertThat((Object) payload.get("job_type")).isEqualTo("storage");
        } finally {
            pump.shutdownNow();
        }
    }
}
