package io.hostbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.hostbridge.agent.Agent;
import io.hostbridge.agent.Modules;
import io.hostbridge.agent.config.ConfigLoader;
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
import java.util.Random;
import java.util.UUID;

/**
 * The backup vendor's flow on a running VM with a 10 GiB disk holding 1 GiB of data: a full backup (with a
 * checkpoint) downloaded by imageio's own client through an image ticket on the backup's NBD URL, then 1% of the disk
 * changed (written through QEMU's block layer while the guest runs, so the dirty bitmap sees it), then an incremental
 * backup from the checkpoint downloaded with {@code incremental=True} onto the full one. Each round reports both
 * backups' wall time (VM.start_backup to VM.stop_backup) and the bytes the data server moved (the ticket's
 * {@code transferred}); the incremental one side by side with the full one in the same round (docs/benchmarks.md,
 * "Incremental backup"). Knobs: {@code runs} (3), {@code diskGiB} (10), {@code dataGiB} (1), {@code changedPercent}
 * (1).
 */
public final class BackupRealBench {
    private static final String URI_SYSTEM = "qemu:///system";
    private static final long MiB = 1 << 20;

    private BackupRealBench() {
    }

    /** One backup's figures. */
    private record Figures(long nanos, long bytes) {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("runs", 3);
        long disk = Long.getLong("diskGiB", 10) << 30;
        long data = Long.getLong("dataGiB", 1) << 30;
        long changed = disk * Integer.getInteger("changedPercent", 1) / 100;
        Path imageio = Path.of(System.getProperty("imageio"));
        Properties env = RealVmBenchHost.env();
        Path dir = Files.createTempDirectory("hbtest-backupbench");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> config = RealVmBenchHost.agentConfig(dir, env, URI_SYSTEM);
        config.put("imageio.port", "0");
        config.put("imageio.tls", "false");
        config.put("vm.backupDir", dir.resolve("backup").toString());
        String vmId = UUID.randomUUID().toString();
        String name = "hbtest-backupbench-" + ProcessHandle.current().pid();
        try (Agent agent = Agent.start(Modules.choose(new ConfigLoader().load(null, Map.of(), config), "bench"))) {
            URI base = URI.create("http://127.0.0.1:" + agent.httpAddress().orElseThrow().getPort());
            int dataPort = agent.imageServer().orElseThrow().tcpAddress().getPort();
            String sd = RealVmBenchHost.storageDomain(base, dir);
            String image = UUID.randomUUID().toString();
            String volume = UUID.randomUUID().toString();
            RealVmBenchHost.cowVolume(base, sd, image, volume, null, disk);
            String path = VmBench.post(base, "Volume.getInfo", "{\"storagedomainID\":\"" + sd + "\",\"imageID\":\""
                    + image + "\",\"volumeID\":\"" + volume + "\"}").path("path").asText();
            run("qemu-io", "-f", "qcow2", "-c", "write -P 0x5c 0 " + data, path);
            VmBench.post(base, "VM.create", "{\"vmID\":\"" + vmId + "\",\"vmParams\":{\"vmName\":\"" + name
                    + "\",\"memSize\":128,\"kernel\":\"" + env.getProperty("kernel") + "\",\"initrd\":\""
                    + env.getProperty("initrd") + "\",\"kernelArgs\":\"console=ttyS0 quiet\",\"console\":true,"
                    + "\"drives\":[{\"domainID\":\"" + sd + "\",\"imageID\":\"" + image + "\",\"volumeID\":\"" + volume
                    + "\"}]}}");
            for (int i = 0; !"Up".equals(VmBench.post(base, "VM.getInfo", "{\"vmID\":\"" + vmId + "\"}")
                    .path("status").asText()); i++) {
                if (i > 1200) {
                    throw new IllegalStateException("the VM did not come up");
                }
                Thread.sleep(50);
            }
            String diskSpec = "{\"domainID\":\"" + sd + "\",\"imageID\":\"" + image + "\",\"volumeID\":\"" + volume
                    + "\",\"checkpoint\":true}";
            Random random = new Random(42);
            List<Figures> fulls = new ArrayList<>();
            List<Figures> incrementals = new ArrayList<>();
            for (int round = 1; round <= runs; round++) {
                String first = UUID.randomUUID().toString();
                String second = UUID.randomUUID().toString();
                Path full = dir.resolve("full-" + round + ".qcow2");
                Path incremental = dir.resolve("incremental-" + round + ".qcow2");
                Figures f = backup(base, dataPort, imageio, vmId, image, disk, "\"disks\":[" + diskSpec
                        + "],\"to_checkpoint_id\":\"" + first + "\"", full, null);
                // 1% of the disk in 1 MiB writes at random MiB offsets, through the guest's own block backend
                for (long written = 0; written < changed; written += MiB) {
                    long at = (random.nextLong() & Long.MAX_VALUE) % (disk / MiB) * MiB;
                    virsh("qemu-monitor-command", name, "--hmp", "qemu-io -d "
                            + "/machine/peripheral/virtio-disk0/virtio-backend \"write -P 0x" + Integer.toHexString(
                            0x10 + round) + " " + at + " 1M\"");
                }
                Figures inc = backup(base, dataPort, imageio, vmId, image, disk, "\"disks\":[" + diskSpec
                        + "],\"from_checkpoint_id\":\"" + first + "\",\"to_checkpoint_id\":\"" + second + "\"",
                        incremental, full);
                VmBench.post(base, "VM.delete_checkpoints", "{\"vmID\":\"" + vmId + "\",\"checkpoint_ids\":[\""
                        + first + "\",\"" + second + "\"]}");
                fulls.add(f);
                incrementals.add(inc);
                System.out.printf("round %d: full %.2f s, %d MiB moved; incremental %.2f s, %d MiB moved%n", round,
                        f.nanos() / 1e9, f.bytes() / MiB, inc.nanos() / 1e9, inc.bytes() / MiB);
                Files.deleteIfExists(incremental);
                Files.deleteIfExists(full);
            }
            System.out.printf("%d rounds, a %d GiB disk with %d GiB of data, %d MiB changed between the backups,"
                    + " load average %s%n", runs, disk >> 30, data >> 30, changed / MiB,
                    Files.readString(Path.of("/proc/loadavg")).strip());
            double fullS = median(fulls.stream().mapToLong(Figures::nanos).toArray()) / 1e9;
            double incS = median(incrementals.stream().mapToLong(Figures::nanos).toArray()) / 1e9;
            double fullB = median(fulls.stream().mapToLong(Figures::bytes).toArray());
            double incB = median(incrementals.stream().mapToLong(Figures::bytes).toArray());
            System.out.printf("full backup:        median %.2f s, %.0f MiB moved%n", fullS, fullB / MiB);
            System.out.printf("incremental backup: median %.2f s, %.0f MiB moved%n", incS, incB / MiB);
            System.out.printf("incremental / full: time %.2f, bytes %.3f (bytes changed / full bytes %.3f)%n",
                    incS / fullS, incB / fullB, changed / fullB);
            VmBench.post(base, "VM.destroy", "{\"vmID\":\"" + vmId + "\"}");
        } finally {
            virsh("destroy", name);
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * One backup: VM.start_backup with {@code config}, a ticket on the disk's NBD URL, imageio's client downloading
     * it into {@code file} (incrementally onto {@code backing} when given), VM.stop_backup; its wall time and the
     * bytes the ticket moved.
     */
    private static Figures backup(URI base, int dataPort, Path imageio, String vmId, String image, long size,
                                  String config, Path file, Path backing) throws Exception {
        String backupId = UUID.randomUUID().toString();
        long t0 = System.nanoTime();
        JsonNode started = VmBench.post(base, "VM.start_backup", "{\"vmID\":\"" + vmId + "\",\"config\":{"
                + "\"backup_id\":\"" + backupId + "\"," + config + "}}");
        String url = started.path("disks").path(image).asText();
        String ticket = UUID.randomUUID().toString();
        VmBench.post(base, "Host.add_image_ticket", "{\"ticket\":{\"uuid\":\"" + ticket + "\",\"size\":" + size + ","
                + "\"ops\":[\"read\"],\"timeout\":600,\"url\":\"" + url + "\",\"dirty\":" + (backing != null) + "}}");
        String code = backing == null ? "client.download(sys.argv[1], sys.argv[2], None)"
                : "client.download(sys.argv[1], sys.argv[2], None, incremental=True, backing_file=sys.argv[3],"
                + " backing_format='qcow2')";
        List<String> command = new ArrayList<>(List.of("env", "PYTHONPATH=" + imageio, "/usr/bin/python3", "-c",
                "import sys\nfrom ovirt_imageio import client\n" + code, "http://127.0.0.1:" + dataPort + "/images/"
                        + ticket, file.toString()));
        if (backing != null) {
            command.add(backing.toString());
        }
        run(command.toArray(String[]::new));
        long bytes = VmBench.post(base, "Host.get_image_ticket", "{\"uuid\":\"" + ticket + "\"}")
                .path("transferred").asLong();
        VmBench.post(base, "Host.remove_image_ticket", "{\"uuid\":\"" + ticket + "\"}");
        VmBench.post(base, "VM.stop_backup", "{\"vmID\":\"" + vmId + "\",\"backup_id\":\"" + backupId + "\"}");
        return new Figures(System.nanoTime() - t0, bytes);
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + out);
        }
    }

    private static void virsh(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("virsh", "-q", "-c", URI_SYSTEM));
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor();
    }
}
