package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The HTTP API on the local unix socket: the kernel says who calls (SO_PEERCRED). Root is admin; members of the
 * configured group (here: nobody, in nogroup) get the configured level; other users cannot even connect.
 */
class UnixSocketTest {
    private static final Path SOCKET = socketInOpenDirectory();

    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(Map.of("http.socket", SOCKET.toString(),
            "http.socketGroup", "nogroup", "http.socketGroupAccess", "read"));

    /** The agent's temporary directories are root's alone: the socket goes where other users can reach it. */
    private static Path socketInOpenDirectory() {
        try {
            Path dir = Files.createTempDirectory("hostbridge-sock");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            return dir.resolve("api.sock");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Shell.Result curl(String user, String verb, String json) throws Exception {
        List<String> command = new ArrayList<>();
        if (user != null) {
            command.addAll(List.of("runuser", "-u", user, "--"));
        }
        command.addAll(List.of("curl", "-sS", "--unix-socket", SOCKET.toString(), "-H", "Content-Type: application/json",
                "-d", json, "http://localhost/api/v1/rpc/" + verb));
        return Shell.run(command, 30);
    }

    @Test
    void theSocketIsTheGroupsOnly() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(SOCKET))).isEqualTo("rw-rw----");
        assertThat(Files.readAttributes(SOCKET, java.nio.file.attribute.PosixFileAttributes.class).group().getName())
                .isEqualTo("nogroup");
    }

    @Test
    void rootIsAdmin() throws Exception {
        Shell.Result r = curl(null, "VM.destroy", "{\"vmID\":\"" + UUID.randomUUID() + "\"}");
        assertThat(Http.JSON.readTree(r.out()).path("code").asInt()).as(r.out()).isEqualTo(1); // it ran: no such VM
    }

    /** STOMP on the same socket (told from HTTP by its first bytes): the kernel's word on who calls holds too. */
    @Test
    void stompOverTheSocketKnowsItsCallerToo() throws Exception {
        try (StompClient stomp = StompClient.unix(SOCKET)) {
            stomp.connect("0,0");
            stomp.send("SUBSCRIBE", Map.of("destination", "r", "id", "r"));
            stomp.send("SEND", Map.of("destination", "jms.topic.vdsm_requests", "reply-to", "r"),
                    "{\"jsonrpc\":\"2.0\",\"method\":\"VM.destroy\",\"params\":{\"vmID\":\"" + UUID.randomUUID()
                            + "\"},\"id\":1}");
            String body = stomp.expect("MESSAGE", java.time.Duration.ofSeconds(10)).body();
            // root is admin: it ran, and found no such VM
            assertThat(Http.JSON.readTree(body).path("error").path("code").asInt()).as(body).isEqualTo(1);
        }
    }

    @Test
    void aMemberOfTheGroupGetsTheGroupsLevel() throws Exception {
        Shell.Result stats = curl("nobody", "Host.getStats", "{}");
        assertThat(stats.exit()).as(stats.err()).isZero();
        assertThat(stats.out()).contains("\"cpuUser\"");
        Shell.Result refused = curl("nobody", "VM.destroy", "{\"vmID\":\"" + UUID.randomUUID() + "\"}");
        assertThat(Http.JSON.readTree(refused.out()).path("detail").asText())
                .contains("needs write", "uid:65534(nobody) has read");
    }

    /** The same refusal, with the same code, through JSON-RPC and XML-RPC on the socket. */
    @Test
    void aCallAboveTheLevelIs5003ThroughEveryHttpBinding() throws Exception {
        String vm = UUID.randomUUID().toString();
        Shell.Result jsonRpc = Shell.run(List.of("runuser", "-u", "nobody", "--", "curl", "-sS", "--unix-socket",
                SOCKET.toString(), "--json", "{\"jsonrpc\":\"2.0\",\"method\":\"VM.destroy\",\"params\":{\"vmID\":\""
                        + vm + "\"},\"id\":1}", "http://localhost/api/v1/jsonrpc"), 30);
        assertThat(Http.JSON.readTree(jsonRpc.out()).path("error").path("data").path("code").asInt())
                .as(jsonRpc.out()).isEqualTo(5003);
        Shell.Result xmlRpc = Shell.run(List.of("runuser", "-u", "nobody", "--", "curl", "-sS", "--unix-socket",
                SOCKET.toString(), "-H", "Content-Type: text/xml", "-d", "<?xml version=\"1.0\"?><methodCall>"
                        + "<methodName>destroy</methodName><params><param><value><string>" + vm
                        + "</string></value></param></params></methodCall>", "http://localhost/RPC2"), 30);
        assertThat(xmlRpc.out()).as(xmlRpc.out()).contains("<name>code</name><value><i4>5003</i4></value>")
                .contains("needs write");
    }

    @Test
    void anyoneElseCannotConnect() throws Exception {
        Shell.Result r = curl("daemon", "Host.getStats", "{}");
        assertThat(r.exit()).isEqualTo(7); // couldn't connect: the kernel refuses (EACCES)
        assertThat(r.out()).isEmpty();
    }

    @Test
    void theLocalListenerBehindTheSocketServesNoOneWhoConnectsToItDirectly() throws Exception {
        // its port is on loopback: find it among the agent's listening sockets, and try it as a local process would
        Shell.Result ports = Shell.sh("ss -ltnpH | grep 'pid=" + ProcessHandle.current().pid() + ",' | awk '{print $4}'"
                + " | sed 's/.*://'", 30);
        boolean triedOne = false;
        for (String port : ports.out().strip().split("\\s+")) {
            if (port.isBlank() || Integer.parseInt(port) == agent.port() || Integer.parseInt(port) == agent.imageioPort()) {
                continue;
            }
            Shell.Result r = Shell.run(List.of("curl", "-sS", "-m", "5", "-X", "POST", "-H",
                    "Content-Type: application/json", "-d", "{}", "http://127.0.0.1:" + port + "/api/v1/rpc/Host.getStats"), 30);
            assertThat(r.out()).as("port " + port).doesNotContain("cpuUser");
            triedOne = true;
        }
        assertThat(triedOne).as("the local listener's port was found: " + ports.out()).isTrue();
    }
}
