package io.hostbridge.tests;

import static io.hostbridge.tests.ConformanceClients.list;
import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.tests.ConformanceClients.EventWatch;
import io.hostbridge.tests.ConformanceClients.Reply;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An agent of the agent-level real-VM tests as a caller sees it: its REST API and its SSE event stream, plus the
 * tiny guest's {@code vmParams} (docs/realvm.md).
 */
final class RealVmAgent {
    private final URI base;
    private final java.net.http.HttpClient http;
    private final ConformanceClients.Rest rest;

    RealVmAgent(URI base) {
        this(base, Http.CLIENT);
    }

    /** @param http the client to call it with (over TLS: with a client certificate its CA issued) */
    RealVmAgent(URI base, java.net.http.HttpClient http) {
        this.base = base;
        this.http = http;
        this.rest = new ConformanceClients.Rest(base, http);
    }

    /** An agent in the test JVM on the system daemon, TCG, with the tiny guest's files as its ISO directory. */
    static AgentExtension onSystemDaemon() {
        return onSystemDaemon(Map.of());
    }

    /** The same with more settings (e.g. the AMQP agent and its broker's port). */
    static AgentExtension onSystemDaemon(Map<String, String> more) {
        Map<String, String> settings = new LinkedHashMap<>(Map.of("vm.libvirtUri", "qemu:///system",
                "vm.domainType", "qemu", "vm.isoDir", RealVmHost.guestDirectory()));
        settings.putAll(more);
        return new AgentExtension(settings);
    }

    static RealVmAgent of(AgentExtension agent) {
        return new RealVmAgent(agent.uri("/"));
    }

    static RealVmAgent of(AgentExtension agent, java.net.http.HttpClient http) {
        return new RealVmAgent(agent.uri("/"), http);
    }

    /** host:port of the agent's HTTP API (what another agent's VM.migrate takes as {@code dst}). */
    String hostPort() {
        return base.getHost() + ":" + base.getPort();
    }

    /** An address on the agent's HTTP server. */
    URI uri(String path) {
        return base.resolve(path);
    }

    /** A call with named params (keys and values alternating). */
    Reply call(String verb, Object... keysAndValues) throws Exception {
        return rest.call(verb, ConformanceClients.ordered(keysAndValues));
    }

    /** A call that must succeed; its result. */
    Object ok(String verb, Object... keysAndValues) throws Exception {
        Reply reply = call(verb, keysAndValues);
        assertThat(reply.ok()).as(verb + ": " + reply).isTrue();
        return reply.result();
    }

    /** A call that must succeed with an object; that object. */
    Map<String, Object> okMap(String verb, Object... keysAndValues) throws Exception {
        Reply reply = call(verb, keysAndValues);
        assertThat(reply.ok()).as(verb + ": " + reply).isTrue();
        return reply.map();
    }

    Map<String, Object> info(String vmId) throws Exception {
        return okMap("VM.getInfo", "vmID", vmId);
    }

    /** The SSE stream of {@code topic}, from now on. */
    EventWatch watch(String topic) throws Exception {
        return ConformanceClients.sseWatch(http, base, topic);
    }

    /**
     * Waits for the {@code vm.status} event putting VM {@code vmId} in {@code status}; its payload. A VM that goes Down
     * first fails the wait at once, with the event's exit message (a launch libvirt refused, say).
     */
    static Map<String, Object> awaitStatus(EventWatch watch, String vmId, String status, Duration timeout)
            throws Exception {
        Map<String, Object> payload = map(watch.next(e -> vmId.equals(((Map<?, ?>) e.payload()).get("vmId"))
                && (status.equals(((Map<?, ?>) e.payload()).get("status"))
                        || "Down".equals(((Map<?, ?>) e.payload()).get("status"))), timeout).payload());
        assertThat(payload.get("status")).as("VM %s went Down before %s: %s", vmId, status, payload)
                .isEqualTo(status);
        return payload;
    }

    /** A JSON object of a reply or event, as a map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    /**
     * The tiny guest as a VM.create caller describes it: 128 MiB, 1 vCPU, direct kernel boot with
     * {@code extraArgs} (hb.poweroff=N, hb.ticks=1, hb.shell=1) on the command line, a pty console, a user-mode virtio NIC.
     */
    static Map<String, Object> tinyGuest(RealVmHost host, String vmId, String name, String extraArgs) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("vmId", vmId);
        p.put("vmName", name);
        p.put("memSize", 128);
        p.put("smp", 1);
        p.put("kernel", host.kernel().toString());
        p.put("initrd", host.initrd().toString());
        p.put("kernelArgs", TinyGuest.kernelArgs(extraArgs));
        p.put("console", true);
        p.put("nics", list(Map.of("type", "user")));
        return p;
    }

    /** A new test domain name (hbtest-{purpose}-…, so RealVmHost and setup.sh clean it up). */
    static String name(String purpose, String vmId) {
        return TinyGuest.PREFIX + purpose + "-" + vmId.substring(0, 8);
    }
}
