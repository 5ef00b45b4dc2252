package io.hostbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.hostbridge.agent.Agent;
import io.hostbridge.agent.Modules;
import io.hostbridge.agent.config.ConfigLoader;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A live disk-only snapshot and its merge of a running VM with a 10 GiB disk holding 1 GiB of data, through the agent
 * (VM.snapshot onto a volume made with Volume.create, then VM.merge) against virsh on a second VM of the same domain
 * XML and disk (snapshot-create-as --disk-only --reuse-external, then blockcommit --active --pivot), on the real-VM
 * host's system libvirtd, alternating rounds (docs/benchmarks.md, "Snapshots"). Guest pauses are read from libvirt's
 * own lifecycle events ({@code virsh event --loop}): a disk-only external snapshot should cause none. Knobs: {@code
 * runs} (5), {@code warmup} (1), {@code diskGiB} (10), {@code dataGiB} (1).
 */
public final class SnapshotRealBench {
    private static final String URI_SYSTEM = "qemu:///system";

    private SnapshotRealBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("runs", 5);
        int warmup = Integer.getInteger("warmup", 1);
        long disk = Long.getLong("diskGiB", 10) << 30;
        long data = Long.getLong("dataGiB", 1) << 30;
        Properties env = RealVmBenchHost.env();
        Path dir = Files.createTempDirectory("hbtest-snapbench");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> config = RealVmBenchHost.agentConfig(dir, env, URI_SYSTEM);
        String tag = Long.toString(ProcessHandle.current().pid());
        String baseline = "hbtest-snapbench-virsh-" + tag;
        Process events = new ProcessBuilder("virsh", "-c", URI_SYSTEM, "event", "--all", "--loop", "--timestamp")
                .redirectErrorStream(true).start();
        List<String> eventLines = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread eventReader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(events.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    eventLines.add(line);
                }
            } catch (Exception e) {
                // virsh ended
            }
        }, "virsh-events");
        eventReader.setDaemon(true);
        eventReader.start();
        String vmId = UUID.randomUUID().toString();
        String name = "hbtest-snapbench-agent-" + tag;
        try (Agent agent = Agent.start(Modules.choose(new ConfigLoader().load(null, Map.of(), config), "bench"))) {
            URI base = URI.create("http://127.0.0.1:" + agent.httpAddress().orElseThrow().getPort());
            String sd = RealVmBenchHost.storageDomain(base, dir);
            String image = UUID.randomUUID().toString();
            String leaf = UUID.randomUUID().toString();
            RealVmBenchHost.cowVolume(base, sd, image, leaf, null, disk);
            String basePath = VmBench.post(base, "Volume.getInfo", "{\"storagedomainID\":\"" + sd + "\",\"imageID\":\""
                    + image + "\",\"volumeID\":\"" + leaf + "\"}").path("path").asText();
            run("qemu-io", "-f", "qcow2", "-c", "write -P 0x5c 0 " + data, basePath);
            Path baselineDisk = dir.resolve("baseline.qcow2");
            run("qemu-img", "convert", "-f", "qcow2", "-O", "qcow2", basePath, baselineDisk.toString());
            run("chmod", "644", baselineDisk.toString());

            VmBench.post(base, "VM.create", "{\"vmID\":\"" + vmId + "\",\"vmParams\":{\"vmName\":\"" + name
                    + "\",\"memSize\":128,\"kernel\":\"" + env.getProperty("kernel") + "\",\"initrd\":\""
                    + env.getProperty("initrd") + "\",\"kernelArgs\":\"console=ttyS0 quiet\",\"console\":true,"
                    + "\"drives\":[{\"domainID\":\"" + sd + "\",\"imageID\":\"" + image + "\",\"volumeID\":\"" + leaf
                    + "\"}]}}");
            awaitUp(base, vmId);
            String xml = virsh(true, "dumpxml", "--inactive", name).replace("<name>" + name + "</name>",
                    "<name>" + baseline + "</name>").replaceAll("<uuid>[^<]+</uuid>", "<uuid>" + UUID.randomUUID()
                    + "</uuid>").replace(basePath, baselineDisk.toString());
            Path xmlFile = dir.resolve("baseline.xml");
            Files.writeString(xmlFile, xml);
            virsh(true, "create", xmlFile.toString());

            long[] agentSnap = new long[runs];
            long[] agentMerge = new long[runs];
            long[] virshSnap = new long[runs];
            long[] virshMerge = new long[runs];
            for (int i = -warmup; i < runs; i++) {
                String top = UUID.randomUUID().toString();
                RealVmBenchHost.cowVolume(base, sd, image, top, leaf, disk);
                long t0 = System.nanoTime();
                VmBench.post(base, "VM.snapshot", "{\"vmID\":\"" + vmId + "\",\"snapDrives\":[{\"domainID\":\"" + sd
                        + "\",\"imageID\":\"" + image + "\",\"volumeID\":\"" + top + "\",\"baseVolumeID\":\"" + leaf
                        + "\"}]}");
                long snap = System.nanoTime() - t0;
                t0 = System.nanoTime();
                VmBench.post(base, "VM.merge", "{\"vmID\":\"" + vmId + "\",\"drive\":{\"domainID\":\"" + sd
                        + "\",\"imageID\":\"" + image + "\",\"volumeID\":\"" + top + "\"},\"baseVolUUID\":\"" + leaf
                        + "\",\"topVolUUID\":\"" + top + "\"}");
                long merge = System.nanoTime() - t0;
                VmBench.post(base, "Volume.delete", "{\"storagedomainID\":\"" + sd + "\",\"imageID\":\"" + image
                        + "\",\"volumeID\":\"" + top + "\"}");

                Path overlay = dir.resolve("overlay-" + (i + warmup) + ".qcow2");
                run("qemu-img", "create", "-q", "-f", "qcow2", "-b", baselineDisk.getFileName().toString(), "-F",
                        "qcow2", overlay.toString(), Long.toString(disk));
                run("chmod", "644", overlay.toString());
                t0 = System.nanoTime();
                virsh(true, "snapshot-create-as", baseline, "--disk-only", "--no-metadata", "--reuse-external",
                        "--atomic", "--diskspec", "vda,file=" + overlay);
                long vSnap = System.nanoTime() - t0;
                t0 = System.nanoTime();
                virsh(true, "blockcommit", baseline, "vda", "--active", "--pivot", "--wait");
                long vMerge = System.nanoTime() - t0;
                Files.delete(overlay);
                if (i >= 0) {
                    agentSnap[i] = snap;
                    agentMerge[i] = merge;
                    virshSnap[i] = vSnap;
                    virshMerge[i] = vMerge;
                }
                System.out.printf("%s: snapshot agent %.0f ms, virsh %.0f ms; merge agent %.0f ms, virsh %.0f ms%n",
                        i < 0 ? "warm-up" : "round " + (i + 1), snap / 1e6, vSnap / 1e6, merge / 1e6, vMerge / 1e6);
            }
            System.out.printf("%d rounds each, %d GiB disks with %d GiB of data, load average %s%n", runs, disk >> 30,
                    data >> 30, Files.readString(Path.of("/proc/loadavg")).strip());
            System.out.printf("VM.snapshot (wall):             %s%n", VmBench.percentiles(agentSnap));
            System.out.printf("virsh snapshot-create-as:       %s%n", VmBench.percentiles(virshSnap));
            System.out.printf("VM.merge (wall):                %s%n", VmBench.percentiles(agentMerge));
            System.out.printf("virsh blockcommit --pivot:      %s%n", VmBench.percentiles(virshMerge));
            System.out.printf("p50 ratio agent / virsh: snapshot %.2f, merge %.2f%n",
                    p50(agentSnap) / p50(virshSnap), p50(agentMerge) / p50(virshMerge));
            Thread.sleep(500); // virsh prints the events a moment after they happen
            long diskOnlyPauses;
            synchronized (eventLines) {
                diskOnlyPauses = eventLines.stream().filter(l -> l.contains("Suspended")).count();
            }
            System.out.printf("guest pauses seen in libvirt's lifecycle events during the disk-only rounds: %d%n",
                    diskOnlyPauses);
            memorySnapshots(base, sd, image, leaf, vmId, name, disk, Integer.getInteger("memoryRuns", 3), eventLines);
            VmBench.post(base, "VM.destroy", "{\"vmID\":\"" + vmId + "\"}");
        } finally {
            virsh(false, "destroy", baseline);
            virsh(false, "destroy", name);
            events.destroy();
            events.waitFor(10, TimeUnit.SECONDS);
            long pauses = eventLines.stream().filter(l -> l.contains("Suspended")).count();
            System.out.printf("guest pauses seen in libvirt's lifecycle events, all rounds: %d%s%n", pauses, pauses == 0
                    ? ""
                    : " " + eventLines.stream().filter(l -> l.contains("Suspended") || l.contains("Resumed"))
                    .toList());
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * Snapshots with memory (VM.snapshot with snapMemory into a RAW volume), each merged back and its volumes deleted
     * afterwards: wall time, and the guest's pause from libvirt's Suspended and Resumed events (their timestamps).
     */
    private static void memorySnapshots(URI base, String sd, String image, String leaf, String vmId, String name,
                                        long disk, int rounds, List<String> eventLines) throws Exception {
        long[] wall = new long[rounds];
        long[] pause = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            String top = UUID.randomUUID().toString();
            RealVmBenchHost.cowVolume(base, sd, image, top, leaf, disk);
            String memImage = UUID.randomUUID().toString();
            String memory = UUID.randomUUID().toString();
            String job = VmBench.post(base, "Volume.create", "{\"volumeID\":\"" + memory + "\",\"storagedomainID\":\""
                    + sd + "\",\"imageID\":\"" + memImage + "\",\"size\":1048576,\"volFormat\":\"RAW\","
                    + "\"preallocate\":\"SPARSE\"}").asText();
            while (!"done".equals(VmBench.post(base, "Job.getStatus", "{\"jobID\":\"" + job + "\"}").path("status")
                    .asText())) {
                Thread.sleep(50);
            }
            int seen = eventLines.size();
            long t0 = System.nanoTime();
            VmBench.post(base, "VM.snapshot", "{\"vmID\":\"" + vmId + "\",\"snapDrives\":[{\"domainID\":\"" + sd
                    + "\",\"imageID\":\"" + image + "\",\"volumeID\":\"" + top + "\",\"baseVolumeID\":\"" + leaf
                    + "\"}],\"snapMemory\":\"" + sd + ",00000000-0000-0000-0000-000000000000," + memImage + ","
                    + memory + "\"}");
            wall[i] = System.nanoTime() - t0;
            pause[i] = pauseNanos(eventLines, seen, name);
            VmBench.post(base, "VM.merge", "{\"vmID\":\"" + vmId + "\",\"drive\":{\"domainID\":\"" + sd
                    + "\",\"imageID\":\"" + image + "\",\"volumeID\":\"" + top + "\"},\"baseVolUUID\":\"" + leaf
                    + "\",\"topVolUUID\":\"" + top + "\"}");
            VmBench.post(base, "Volume.delete", "{\"storagedomainID\":\"" + sd + "\",\"imageID\":\"" + image
                    + "\",\"volumeID\":\"" + top + "\"}");
            VmBench.post(base, "Volume.delete", "{\"storagedomainID\":\"" + sd + "\",\"imageID\":\"" + memImage
                    + "\",\"volumeID\":\"" + memory + "\"}");
            System.out.printf("memory snapshot %d: wall %.0f ms, guest paused %.0f ms%n", i + 1, wall[i] / 1e6,
                    pause[i] / 1e6);
        }
        System.out.printf("VM.snapshot with memory (wall):   %s%n", VmBench.percentiles(wall));
        System.out.printf("  guest paused (libvirt events):  %s%n", VmBench.percentiles(pause));
    }

    /** From the events after line {@code from}: the time between the domain's Suspended and its next Resumed. */
    private static long pauseNanos(List<String> lines, int from, String domain) throws InterruptedException {
        java.time.format.DateTimeFormatter format = java.time.format.DateTimeFormatter.ofPattern(
                "yyyy-MM-dd HH:mm:ss.SSSZ");
        for (int attempt = 0; attempt < 40; attempt++) {
            java.time.OffsetDateTime suspended = null;
            synchronized (lines) {
                for (String line : lines.subList(from, lines.size())) {
                    if (!line.contains("'" + domain + "'") || line.length() < 28) {
                        continue;
                    }
                    java.time.OffsetDateTime at = java.time.OffsetDateTime.parse(line.substring(0, 28), format);
                    if (line.contains("Suspended") && suspended == null) {
                        suspended = at;
                    } else if (line.contains("Resumed") && suspended != null) {
                        return java.time.Duration.between(suspended, at).toNanos();
                    }
                }
            }
            Thread.sleep(50); // virsh prints the events a moment after they happen
        }
        return -1;
    }

    private static double p50(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return VmBench.ms(sorted, 0.5);
    }

    private static void awaitUp(URI base, String vmId) throws Exception {
        for (int i = 0; i < 1200; i++) {
            if ("Up".equals(VmBench.post(base, "VM.getInfo", "{\"vmID\":\"" + vmId + "\"}").path("status").asText())) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("VM " + vmId + " did not come up");
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + out);
        }
    }

    private static String virsh(boolean check, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("virsh", "-q", "-c", URI_SYSTEM));
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS) || check && p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + out);
        }
        return out;
    }
}
