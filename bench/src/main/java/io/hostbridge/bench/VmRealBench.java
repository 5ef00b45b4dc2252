package io.hostbridge.bench;

import io.hostbridge.agent.Agent;
import io.hostbridge.agent.Modules;
import io.hostbridge.agent.config.ConfigLoader;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code VM.create} → Up through the agent against {@code virsh define} + {@code virsh start} of the same domain, on
 * the real-VM host's system libvirtd (docs/benchmarks.md, "VMs"; needs scripts/realvm/setup.sh). The agent runs in
 * this JVM on {@code qemu:///system} with {@code vm.domainType: qemu}; the VM is the tiny test guest.
 * <ul>
 *   <li>agent round: from just before the {@code VM.create} POST until its {@code vm.status} Up event arrives on an
 *   SSE client subscribed before (what a caller waits for); then {@code VM.destroy}, not timed;</li>
 *   <li>virsh round: the domain XML the agent generated ({@code virsh dumpxml --inactive} of the agent's first VM,
 *   so both start the same domain), from just before {@code virsh define} until {@code virsh start} returned (the
 *   domain runs); then destroy and undefine, not timed.</li>
 * </ul>
 * Rounds alternate (agent, virsh, agent, …) so both see the same machine load; the first {@code warmup} pairs are
 * not counted (the agent's code is cold in a fresh JVM). Knobs (system properties): {@code runs} (5),
 * {@code warmup} (1), {@code uri} (qemu:///system).
 */
public final class VmRealBench {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private VmRealBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("runs", 5);
        int warmup = Integer.getInteger("warmup", 1);
        String uri = System.getProperty("uri", "qemu:///system");
        Properties env = RealVmBenchHost.env();
        Path dir = Files.createTempDirectory("hbtest-vmrealbench");
        Map<String, String> config = RealVmBenchHost.agentConfig(dir, env, uri);
        String baseline = "hbtest-bench-virsh-" + ProcessHandle.current().pid();
        Path xml = dir.resolve("domain.xml");
        try (Agent agent = Agent.start(Modules.choose(new ConfigLoader().load(null, Map.of(), config), "bench"))) {
            URI base = URI.create("http://127.0.0.1:" + agent.httpAddress().orElseThrow().getPort());
            BlockingQueue<VmBench.Arrival> events = new LinkedBlockingQueue<>();
            HttpResponse<InputStream> stream = HTTP.send(HttpRequest.newBuilder(
                    base.resolve("/api/v1/events?topics=vm.status")).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            Thread reader = new Thread(() -> VmBench.readSse(stream.body(), events), "sse-reader");
            reader.setDaemon(true);
            reader.start();
            long[] viaAgent = new long[runs];
            long[] viaVirsh = new long[runs];
            try {
                for (int i = -warmup; i < runs; i++) {
                    long a = agentRound(uri, base, events, env, i == -warmup ? xml : null, baseline);
                    long v = virshRound(uri, xml, baseline);
                    if (i >= 0) {
                        viaAgent[i] = a;
                        viaVirsh[i] = v;
                    }
                    System.out.printf("%s: agent %.0f ms, virsh %.0f ms%n", i < 0 ? "warm-up" : "round " + (i + 1),
                            a / 1e6, v / 1e6);
                }
            } finally {
                virsh(uri, false, "destroy", baseline);
                virsh(uri, false, "undefine", baseline);
                stream.body().close();
            }
            double agentP50 = VmBench.ms(sorted(viaAgent), 0.5);
            double virshP50 = VmBench.ms(sorted(viaVirsh), 0.5);
            System.out.printf("%d rounds each on %s, load average %s%n", runs, uri,
                    Files.readString(Path.of("/proc/loadavg")).strip());
            System.out.printf("VM.create -> Up event (SSE): %s%n", VmBench.percentiles(viaAgent));
            System.out.printf("virsh define + start:        %s%n", VmBench.percentiles(viaVirsh));
            System.out.printf("p50 ratio agent / virsh: %.2f (target <= 1.2)%n", agentP50 / virshP50);
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** One VM.create through the agent until Up; saves the domain's XML to {@code saveXml} when given. */
    private static long agentRound(String uri, URI base, BlockingQueue<VmBench.Arrival> events, Properties env, Path saveXml,
                                   String baselineName) throws Exception {
        String id = UUID.randomUUID().toString();
        String name = "hbtest-bench-agent-" + id.substring(0, 8);
        String params = "{\"vmID\":\"" + id + "\",\"vmParams\":{\"vmName\":\"" + name + "\",\"memSize\":128,"
                + "\"smp\":1,\"kernel\":\"" + env.getProperty("kernel") + "\",\"initrd\":\""
                + env.getProperty("initrd") + "\",\"kernelArgs\":\"console=ttyS0 quiet\",\"console\":true,"
                + "\"nics\":[{\"type\":\"user\"}]}}";
        long t0 = System.nanoTime();
        VmBench.post(base, "VM.create", params);
        long up = VmBench.await(events, id, "Up") - t0;
        if (saveXml != null) {
            // the same domain for the baseline, under a name and id of its own
            String xml = virsh(uri, true, "dumpxml", "--inactive", name)
                    .replace("<name>" + name + "</name>", "<name>" + baselineName + "</name>")
                    .replaceAll("<uuid>[^<]+</uuid>", "<uuid>" + UUID.randomUUID() + "</uuid>");
            Files.writeString(saveXml, xml);
        }
        VmBench.post(base, "VM.destroy", "{\"vmID\":\"" + id + "\"}");
        return up;
    }

    private static long virshRound(String uri, Path xml, String name) throws Exception {
        long t0 = System.nanoTime();
        virsh(uri, true, "define", xml.toString());
        virsh(uri, true, "start", name);
        long t = System.nanoTime() - t0;
        virsh(uri, true, "destroy", name);
        virsh(uri, true, "undefine", name);
        return t;
    }

    private static String virsh(String uri, boolean check, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("virsh", "-q", "-c", uri));
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || check && p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + out);
        }
        return out;
    }

    private static long[] sorted(long[] values) {
        long[] s = values.clone();
        Arrays.sort(s);
        return s;
    }
}
