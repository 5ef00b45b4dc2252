package io.hostbridge.core.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.BridgeException;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * VM.migrate refuses destinations that would make libvirt run a program, open an arbitrary socket or file, or
 * weaken its checks (code 5002 naming the parameter) before anything is asked of libvirt; the VM and the agent
 * carry on. Acceptable URIs pass the check and reach libvirt (whose test driver then refuses to migrate).
 */
@Timeout(60)
class MigrationParamsTest {
    @TempDir
    static Path stateDir;
    private static CoreAgent agent;
    private static String vmId;

    @BeforeAll
    static void aRunningVm() throws Exception {
        agent = new CoreAgent(stateDir);
        vmId = UUID.randomUUID().toString();
        agent.call("VM.create", Map.of("vmID", vmId, "vmParams", Map.of("vmName", "mig-" + vmId.substring(0, 8),
                "memSize", 128)));
        agent.awaitStatus(vmId, "Up");
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    private static BridgeException migrate(Map<String, Object> params) {
        return agent.error("VM.migrate", Map.of("vmID", vmId, "params", params));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "qemu+ext:///system?command=/usr/bin/touch%20/tmp/pwned",
        "qemu+ssh://host.example/system?command=/tmp/evil",
        "qemu+ssh://host.example/system?netcat=/tmp/evil",
        "qemu+ssh://host.example/system?keyfile=/etc/shadow",
        "qemu+ssh://host.example/system?proxy=netcat",
        "qemu+ssh://host.example/system?socket=/run/libvirt/libvirt-sock",
        "qemu+libssh2://host.example/system?known_hosts=/etc/shadow",
        "qemu+tls://host.example/system?pkipath=/root",
        "qemu+tls://host.example/system?no_verify=1",
        "qemu+tcp://host.example/system?name=test:///default",
        "qemu+unix:///system?mode=legacy",
        "qemu+unix:///system?socket=/var/run/docker.sock",
        "qemu+unix:///system?socket=/run/libvirt/../docker.sock",
        "qemu+unix://host.example/system",
        "qemu+ssh://-oProxyCommand=touch%20x/system",
        "qemu+ssh://bad%20user@host.example/system",
        "qemu+tcp://host.example/system#frag",
        "qemu+tcp://host.example/etc/passwd",
        "qemu+tcp://host.example:99999/system",
        "xen+tcp://host.example/system",
        "test:///default",
        "qemu+tcp:///system",
        "file:///etc/passwd",
        "not a uri",
    })
    void aDestinationUriOutsideTheAllowListIs5002NamingIt(String uri) {
        BridgeException e = migrate(Map.of("dstUri", uri));
        assertThat(e.code()).as(uri).isEqualTo(5002);
        assertThat(e.parameter()).isEqualTo("params.dstUri");
        assertThat(e.getMessage()).contains("params.dstUri");
    }

    @ParameterizedTest
    @ValueSource(strings = {"host.example:99999", "host.example:0", "user@host.example:54321",
        "http://host.example:54321", "host.example:54321/api", "-oProxy:54321", "host.example", ":54321",
        "host..example:54321", "[::1%eth0]:54321", "[not-ipv6]:54321", "host_name:54321"})
    void aDestinationAgentThatIsNotHostColonPortIs5002NamingIt(String dst) {
        BridgeException e = migrate(Map.of("dst", dst));
        assertThat(e.code()).as(dst).isEqualTo(5002);
        assertThat(e.parameter()).isEqualTo("params.dst");
        assertThat(e.getMessage()).contains("params.dst");
    }

    @ParameterizedTest
    @ValueSource(strings = {"qemu:///session", "qemu:///system", "qemu+unix:///system", "qemu+tls://host.example/system",
        "qemu+tcp://10.0.0.2:16509/system", "qemu+ssh://root@host-b.example.org/system", "qemu+tls://[fd00::2]/system",
        "qemu://host.example/system"})
    void anAllowedUriPassesTheCheckAndReachesLibvirt(String uri) {
        BridgeException e = migrate(Map.of("dstUri", uri));
        assertThat(e.code()).as(uri).isEqualTo(12);
        assertThat(e.getMessage()).contains("test driver");
    }

    @Test
    void anAllowedAgentAddressPassesTheCheck() {
        for (String dst : new String[] {"10.0.0.2:54321", "host-b.example.org:8080", "[fd00::2]:54321"}) {
            assertThat(migrate(Map.of("dst", dst)).code()).as(dst).isEqualTo(12);
        }
    }

    @Test
    void theVmAndTheAgentCarryOnAfterARefusal() {
        migrate(Map.of("dstUri", "qemu+ext:///system?command=/bin/true"));
        assertThat(agent.map("VM.getInfo", Map.of("vmID", vmId))).containsEntry("status", "Up");
        assertThat(agent.map("VM.getMigrationStatus", Map.of("vmID", vmId))).containsEntry("status", "none");
    }
}
