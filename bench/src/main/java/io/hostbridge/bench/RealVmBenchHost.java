package io.hostbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * What the real-VM benchmarks share: the real-VM host's settings (written by scripts/realvm/setup.sh) and an agent's
 * configuration on its libvirt daemon, with state in a benchmark's directory.
 */
final class RealVmBenchHost {
    private static final Path ENV = Path.of("/var/cache/hostbridge-test/realvm.properties");

    private RealVmBenchHost() {
    }

    /** The host's settings: the tiny guest's kernel and initrd, the daemons' URIs. */
    static Properties env() throws IOException {
        Properties env = new Properties();
        try (Reader r = Files.newBufferedReader(ENV)) {
            env.load(r);
        }
        return env;
    }

    /**
     * An agent on {@code libvirtUri} (TCG), state and run dirs in {@code dir}, plain HTTP on loopback for the
     * benchmark's client, no AMQP, WARN logs, the tiny guest's files as its ISO directory.
     */
    static Map<String, String> agentConfig(Path dir, Properties env, String libvirtUri) {
        Map<String, String> config = new HashMap<>();
        config.put("http.port", "0");
        config.put("http.insecure", "true");
        config.put("host.stateDir", dir.resolve("state").toString());
        config.put("host.runDir", dir.resolve("run").toString());
        config.put("amqp.enabled", "false");
        config.put("logging.level", "WARN");
        config.put("vm.libvirtUri", libvirtUri);
        config.put("vm.domainType", "qemu");
        config.put("vm.isoDir", Path.of(env.getProperty("kernel")).getParent().toString());
        return config;
    }

    /** A local storage domain in {@code dir}/domains (readable by QEMU's user); its id. */
    static String storageDomain(URI base, Path dir) throws Exception {
        String sd = UUID.randomUUID().toString();
        Path domains = Files.createDirectory(dir.resolve("domains"));
        Files.setPosixFilePermissions(domains, PosixFilePermissions.fromString("rwxr-xr-x"));
        VmBench.post(base, "StorageDomain.create", "{\"storagedomainID\":\"" + sd + "\",\"domainType\":\"localfs\","
                + "\"typeArgs\":\"" + domains + "\",\"name\":\"bench\",\"domainClass\":\"data\"}");
        return sd;
    }

    /** A sparse COW volume (backed by {@code parent} when not null), once its Volume.create job is done. */
    static void cowVolume(URI base, String sd, String image, String volume, String parent, long size)
            throws Exception {
        String job = VmBench.post(base, "Volume.create", "{\"volumeID\":\"" + volume + "\",\"storagedomainID\":\"" + sd
                + "\",\"imageID\":\"" + image + "\",\"size\":" + size + ",\"volFormat\":\"COW\",\"preallocate\":"
                + "\"SPARSE\"" + (parent == null ? "" : ",\"srcVolUUID\":\"" + parent + "\"") + "}").asText();
        for (int i = 0; i < 600; i++) {
            JsonNode status = VmBench.post(base, "Job.getStatus", "{\"jobID\":\"" + job + "\"}");
            if ("done".equals(status.path("status").asText())) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("Volume.create job " + job + " did not end");
    }
}
