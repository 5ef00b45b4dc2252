package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The REST resources the verbs declare, used as an operator does: curl on the local unix socket. Each resource
 * reaches the same verb as its rpc route, with its parameters from the path, the query string or the body.
 */
class RestResourcesTest {
    private static final String BLANK = "00000000-0000-0000-0000-000000000000";
    @RegisterExtension
    static final AgentExtension agent = new AgentExtension();

    record Reply(int status, String contentType, String body) {
        JsonNode json() throws Exception {
            return Http.JSON.readTree(body);
        }

        /** The problem document's code, after checking that it is one. */
        int code() throws Exception {
            assertThat(contentType).as(body).startsWith("application/problem+json");
            return json().get("code").asInt();
        }
    }

    /** curl on the agent's unix socket: {@code method path [json body]}. */
    private static Reply curl(String method, String path, String... body) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--unix-socket", agent.socket().toString(),
                "-X", method, "-w", "\n%{http_code} %{content_type}"));
        if (body.length > 0) {
            command.addAll(List.of("-H", "Content-Type: application/json", "--data-binary", body[0]));
        }
        command.add("http://localhost/api/v1" + path);
        Shell.Result r = Shell.run(command, 30);
        assertThat(r.exit()).as(r.err()).isZero();
        int end = r.out().lastIndexOf('\n');
        String[] trailer = r.out().substring(end + 1).split(" ", 2);
        return new Reply(Integer.parseInt(trailer[0]), trailer.length > 1 ? trailer[1] : "", r.out().substring(0, end));
    }

    private static JsonNode ok(String method, String path, String... body) throws Exception {
        Reply r = curl(method, path, body);
        assertThat(r.status()).as(method + " " + path + ": " + r.body()).isEqualTo(200);
        return r.json();
    }

    private static void done(String method, String path, String... body) throws Exception {
        Reply r = curl(method, path, body);
        assertThat(r.status()).as(method + " " + path + ": " + r.body()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void hostFactsAndEvents() throws Exception {
        assertThat(ok("GET", "/host/capabilities").get("hostId").asText()).matches("[0-9a-f-]{36}");
        assertThat(ok("GET", "/host/stats").has("cpuIdle")).isTrue();
        assertThat(ok("GET", "/host/hardware").isObject()).isTrue();
        JsonNode page = ok("GET", "/host/events?limit=2&topics=host.*");
        assertThat(page.get("events").size()).isLessThanOrEqualTo(2);
        // the same verb through its rpc route gives the same kind of answer
        assertThat(ok("POST", "/rpc/Host.getEvents", "{\"limit\":2}").has("lastSeq")).isTrue();
    }

    /** A VM's life on libvirt's test driver, through its resources only. */
    @Test
    void vmLifecycle() throws Exception {
        String vm = UUID.randomUUID().toString();
        JsonNode created = ok("POST", "/vms", "{\"vmID\":\"" + vm + "\",\"vmParams\":{\"vmName\":\"rest-" + vm.substring(0, 8)
                + "\",\"memSize\":256}}");
        assertThat(created.get("vmId").asText()).isEqualTo(vm);
        Poll.until(Duration.ofSeconds(30), "VM Up", () ->
                "Up".equals(ok("GET", "/vms/" + vm).get("status").asText()) ? true : null);
        assertThat(ok("GET", "/vms").findValuesAsText("vmId")).contains(vm);
        assertThat(ok("GET", "/vms?vmList=" + vm).size()).isEqualTo(1);
        assertThat(ok("GET", "/vms/" + vm + "/stats").get(0).get("vmId").asText()).isEqualTo(vm);
        assertThat(ok("GET", "/vms/stats").findValuesAsText("vmId")).contains(vm);

        done("POST", "/vms/" + vm + "/pause");
        assertThat(ok("GET", "/vms/" + vm).get("status").asText()).isEqualTo("Paused");
        done("POST", "/vms/" + vm + "/cont");
        assertThat(ok("GET", "/vms/" + vm).get("status").asText()).isEqualTo("Up");
        assertThat(ok("GET", "/vms/" + vm + "/migration").has("status")).isTrue();

        done("DELETE", "/vms/" + vm);
        Reply gone = curl("GET", "/vms/" + vm);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.code()).isEqualTo(1);
        assertThat(curl("POST", "/vms/" + vm + "/pause").code()).isEqualTo(1);
    }

    /** A storage domain, a volume in it, a ticket on the volume and the jobs, through their resources. */
    @Test
    void storageVolumesTicketsAndJobs() throws Exception {
        Path dir = Files.createDirectories(agent.stateDir().resolveSibling("rest-domains"));
        String sd = UUID.randomUUID().toString();
        String image = UUID.randomUUID().toString();
        String volume = UUID.randomUUID().toString();
        done("POST", "/storage-domains", "{\"storagedomainID\":\"" + sd + "\",\"domainType\":\"localfs\",\"typeArgs\":\""
                + dir + "\",\"name\":\"rest\",\"domainClass\":\"data\"}");
        assertThat(ok("GET", "/storage-domains").toString()).contains(sd);
        assertThat(ok("GET", "/storage-domains?domainClass=data").toString()).contains(sd);
        assertThat(ok("GET", "/storage-domains/" + sd).get("type").asText()).isEqualTo("localfs");
        assertThat(ok("GET", "/storage-domains/" + sd + "/stats").get("volumeCount").asInt()).isZero();

        String base = "/storage-domains/" + sd + "/images/" + image + "/volumes";
        ok("POST", base, "{\"volumeID\":\"" + volume + "\",\"size\":1048576,\"volFormat\":\"RAW\",\"preallocate\":\"SPARSE\","
                + "\"desc\":\"rest\",\"srcImgUUID\":\"" + BLANK + "\",\"srcVolUUID\":\"" + BLANK + "\"}");
        JsonNode info = ok("GET", base + "/" + volume);
        assertThat(info.get("legality").asText()).isEqualTo("LEGAL");
        assertThat(info.get("capacity").asLong()).isEqualTo(1048576);
        assertThat(ok("GET", base + "/" + volume + "/size").has("truesize")).isTrue();
        assertThat(ok("GET", base + "/" + volume + "/measure?dest_format=COW").has("required")).isTrue();
        assertThat(ok("GET", "/storage-domains/" + sd + "/images").toString()).contains(image);
        assertThat(ok("GET", "/storage-domains/" + sd + "/volumes?imageID=" + image).toString()).contains(volume);
        done("POST", base + "/" + volume + "/extend", "{\"newSize\":2097152}");
        assertThat(ok("GET", base + "/" + volume).get("capacity").asLong()).isEqualTo(2097152);

        String ticket = UUID.randomUUID().toString();
        done("POST", "/image-tickets", "{\"ticket\":{\"uuid\":\"" + ticket + "\",\"size\":2097152,\"ops\":[\"read\"],"
                + "\"timeout\":300,\"storagedomainID\":\"" + sd + "\",\"imageID\":\"" + image + "\",\"volumeID\":\""
                + volume + "\"}}");
        assertThat(ok("GET", "/image-tickets/" + ticket).get("size").asLong()).isEqualTo(2097152);
        done("PATCH", "/image-tickets/" + ticket, "{\"timeout\":600}");
        done("DELETE", "/image-tickets/" + ticket);
        assertThat(curl("GET", "/image-tickets/" + ticket).code()).isEqualTo(5100);

        // Volume.copy runs as a job: the job's resource follows it to its end
        String copy = UUID.randomUUID().toString();
        String copyImage = UUID.randomUUID().toString();
        String task = ok("POST", base + "/" + volume + "/copy", "{\"dstSdUUID\":\"" + sd + "\",\"dstImgUUID\":\""
                + copyImage + "\",\"dstVolUUID\":\"" + copy + "\",\"volFormat\":\"COW\",\"preallocate\":\"SPARSE\"}").asText();
        assertThat(task).matches("[0-9a-f-]{36}");
        Poll.until(Duration.ofSeconds(30), "copy task finished", () -> {
            JsonNode status = ok("GET", "/tasks/" + task);
            return "finished".equals(status.get("taskState").asText()) ? status : null;
        });
        assertThat(ok("GET", "/tasks").has(task)).isTrue();
        assertThat(ok("GET", "/jobs").isObject()).isTrue();
        done("DELETE", "/tasks/" + task);
        assertThat(curl("GET", "/tasks/" + task).code()).isEqualTo(401);

        String copyVolume = "/storage-domains/" + sd + "/images/" + copyImage + "/volumes/" + copy;
        assertThat(ok("GET", copyVolume).get("format").asText()).isEqualTo("COW");
        ok("DELETE", copyVolume);
        Poll.until(Duration.ofSeconds(30), "copy deleted", () -> curl("GET", copyVolume).status() == 404 ? true : null);
        assertThat(curl("GET", copyVolume).code()).isIn(201, 268);
    }

    /** Wrong input is refused with a problem naming what is wrong; nothing runs. */
    @Test
    void badRequestsAreRefusedWithProblems() throws Exception {
        Reply badId = curl("GET", "/vms/not-a-uuid");
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.code()).isEqualTo(5002);
        assertThat(badId.json().get("parameter").asText()).isEqualTo("vmID");

        Reply twice = curl("GET", "/host/events?limit=1&limit=2");
        assertThat(twice.code()).isEqualTo(5002);
        assertThat(twice.json().get("detail").asText()).contains("'limit'", "2 times");

        Reply notANumber = curl("GET", "/host/events?limit=many");
        assertThat(notANumber.code()).isEqualTo(5002);
        assertThat(notANumber.json().get("parameter").asText()).isEqualTo("limit");

        Reply unknown = curl("GET", "/host/events?color=blue");
        assertThat(unknown.code()).isEqualTo(5002);
        assertThat(unknown.json().get("detail").asText()).contains("color");

        String vm = UUID.randomUUID().toString();
        Reply queryOnPost = curl("POST", "/vms/" + vm + "/shutdown?delay=3");
        assertThat(queryOnPost.code()).isEqualTo(5002);
        assertThat(queryOnPost.json().get("detail").asText()).contains("JSON body", "delay");

        Reply bodyOnDelete = curl("DELETE", "/vms/" + vm, "{\"vmID\":\"" + vm + "\"}");
        assertThat(bodyOnDelete.code()).isEqualTo(5002);
        assertThat(bodyOnDelete.json().get("detail").asText()).contains("query string");

        Reply again = curl("POST", "/vms/" + vm + "/pause", "{\"vmID\":\"" + UUID.randomUUID() + "\"}");
        assertThat(again.code()).isEqualTo(5002);
        assertThat(again.json().get("parameter").asText()).isEqualTo("vmID");

        Reply wrongMethod = curl("PUT", "/vms");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.json().get("detail").asText()).contains("GET", "POST");

        Reply noSuchResource = curl("GET", "/virtual-machines");
        assertThat(noSuchResource.status()).isEqualTo(404);
        assertThat(noSuchResource.code()).isEqualTo(5001);
    }
}
