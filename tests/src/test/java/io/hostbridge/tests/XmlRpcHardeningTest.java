package io.hostbridge.tests;

import static io.hostbridge.tests.XmlRpcCalls.methodCall;
import static io.hostbridge.tests.XmlRpcCalls.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What hostile or broken clients send to /RPC2: each gets a clear XML-RPC fault (code and words, no stack
 * trace), nothing is read from disk or expanded, and the agent goes on answering.
 */
class XmlRpcHardeningTest {
    private static final String EXTENSIONS = "xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/extensions\"";
    @RegisterExtension
    static final AgentExtension agent = new AgentExtension();

    /** Whatever a test sent, the agent still answers a legacy ping. */
    @AfterEach
    void stillServing() throws Exception {
        assertThat(post(agent, methodCall("ping")).body()).contains("<name>message</name><value>Done</value>");
    }

    private static XmlRpcCalls.Fault assertFault(Http.Reply reply, int code, String... inMessage) throws Exception {
        XmlRpcCalls.Fault fault = XmlRpcCalls.fault(reply);
        assertThat(fault.code()).as(fault.message()).isEqualTo(code);
        assertThat(fault.message()).contains(inMessage).doesNotContain("Exception", "\tat ", "org.apache", "java.");
        return fault;
    }

    @Test
    void malformedXmlIsAFaultSayingWhere() throws Exception {
        assertFault(post(agent, "<methodCall><methodName>ping</methodName><params>"), 5005,
                "Malformed XML-RPC request", "line 1");
        assertFault(post(agent, "<methodCall><methodName>ping</methodName></methodCall><extra/>"), 5005,
                "Malformed XML-RPC request");
    }

    @Test
    void externalEntitiesAreNeverResolved() throws Exception {
        String xxe = "<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE methodCall [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>\n"
                + "<methodCall><methodName>Host.getEvents</methodName><params><param><value><string>&secret;</string>"
                + "</value></param></params></methodCall>";
        Http.Reply reply = post(agent, xxe);
        assertFault(reply, 5005, "DOCTYPE is disallowed");
        String passwd = Files.readString(Path.of("/etc/passwd"));
        assertThat(reply.body()).doesNotContain(passwd.lines().findFirst().orElseThrow()).doesNotContain("root:");
    }

    @Test
    void billionLaughsIsRefusedBeforeAnyExpansion() throws Exception {
        // ten to the ninth "lol"s, if the entities were ever expanded
        StringBuilder dtd = new StringBuilder("<!DOCTYPE methodCall [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            String tenOfThePrevious = ("&lol" + (i - 1) + ";").repeat(10);
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(tenOfThePrevious).append("\">");
        }
        dtd.append("]>");
        String call = methodCall("Host.getEvents", "<string>&lol9;</string>");
        Http.Reply reply = post(agent, call.replaceFirst("\n", "\n" + dtd + "\n"));
        assertFault(reply, 5005, "DOCTYPE is disallowed");
        assertThat(reply.body().length()).isLessThan(2000);
    }

    @Test
    void serializedJavaObjectsAreRefused() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new ArrayList<>(List.of("a serialized", "java object")));
        }
        String blob = Base64.getEncoder().encodeToString(bytes.toByteArray());
        assertFault(post(agent, methodCall("Host.getEvents", "<ex:serializable " + EXTENSIONS + ">" + blob
                + "</ex:serializable>")), 5005, "extension type <serializable> is not accepted");
    }

    @Test
    void extensionIntegersAndNilAreRefused() throws Exception {
        assertFault(post(agent, methodCall("Host.getEvents", "<ex:i8 " + EXTENSIONS + ">5000000000</ex:i8>")), 5005,
                "extension type <i8>", "decimal strings");
        assertFault(post(agent, methodCall("Host.getEvents", "<nil/>")), 5005, "<nil/> is not accepted");
        assertFault(post(agent, methodCall("Host.getEvents", "<ex:nil " + EXTENSIONS + "/>")), 5005,
                "extension type <nil>");
    }

    @Test
    void base64AndDateTimeArgumentsAreRefusedNamingTheParameter() throws Exception {
        String base64 = post(agent, methodCall("Host.getEvents", "<base64>AAEC</base64>")).body();
        assertThat(base64).contains("<i4>5002</i4>").contains("'afterSeq'").doesNotContain("<fault>");
        String dateTime = post(agent, methodCall("Host.getEvents", "<string>0</string>",
                "<dateTime.iso8601>20240501T12:00:00</dateTime.iso8601>")).body();
        assertThat(dateTime).contains("<i4>5002</i4>").contains("'topics'").contains("ISO-8601");
    }

    @Test
    void deeplyNestedValuesAreRefused() throws Exception {
        int depth = 300;
        String nested = "<array><data><value>".repeat(depth) + "<int>1</int>" + "</value></data></array>".repeat(depth);
        assertFault(post(agent, methodCall("Host.getEvents", nested)), 5005, "depth");
    }

    @Test
    void aTooLargeDeclaredBodyIsRefusedBeforeItIsRead() throws Exception {
        Http.Reply reply = post(agent, hugeCall());
        // the shared listener answers a too-large Content-Length itself, with the same code
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.body()).contains("\"code\":5004");
    }

    @Test
    void aTooLargeChunkedBodyIsCutOffWithAFault() throws Exception {
        byte[] bytes = hugeCall().getBytes(StandardCharsets.UTF_8);
        HttpRequest chunked = HttpRequest.newBuilder(agent.uri("/RPC2")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> (InputStream) new ByteArrayInputStream(bytes)))
                .build();
        assertFault(Http.send(chunked), 5004, "over the limit of 1048576 bytes");
    }

    /** Over the default http.maxRequestBytes (1 MiB). */
    private static String hugeCall() {
        return methodCall("Host.getEvents", "<string>" + "a".repeat(2 * 1024 * 1024) + "</string>");
    }

    /** A handler blocked reading one slow body holds a worker thread, never the listener. */
    @Test
    void aClientThatStallsMidBodyDoesNotHoldUpOthers() throws Exception {
        byte[] body = methodCall("ping").getBytes(StandardCharsets.UTF_8);
        try (Socket stalled = new Socket("127.0.0.1", agent.port())) {
            stalled.setSoTimeout(10_000);
            OutputStream out = stalled.getOutputStream();
            out.write(("POST /RPC2 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();
            for (int i = 0; i < 3; i++) {
                assertThat(post(agent, methodCall("ping")).body()).contains("<value>Done</value>");
            }
            out.write(body, body.length / 2, body.length - body.length / 2);
            out.flush();
            String reply = new String(stalled.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(reply).isEqualTo("HTTP/1.1 200");
        }
    }

    @Test
    void contentThatIsNotAnXmlRpcCallIsAFault() throws Exception {
        Http.Reply json = Http.post(agent.uri("/RPC2"), "{\"method\": \"ping\"}");
        assertThat(json.status()).as("JSON is not XML-RPC's media type").isEqualTo(415);
        assertThat(json.body()).contains("text/xml").contains("application/json");
        assertFault(post(agent, ""), 5005, "Malformed XML-RPC request");
        assertFault(post(agent, "<methodResponse><params/></methodResponse>"), 5005, "methodCall");
        assertFault(post(agent, "<methodCall/>"), 5005, "no methodName");
        assertFault(post(agent, methodCall("ping", "<int>one</int>")), 5005, "Malformed XML-RPC request");
    }
}
