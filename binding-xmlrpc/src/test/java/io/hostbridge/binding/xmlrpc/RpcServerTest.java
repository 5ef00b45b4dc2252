package io.hostbridge.binding.xmlrpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.bridge.SampleBridge;
import io.hostbridge.bridge.Transport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.xmlrpc.common.ServerStreamConnection;
import org.junit.jupiter.api.Test;

/** Request bytes in, reply bytes out, without HTTP: what the parser accepts and what it refuses. */
class RpcServerTest {
    private final RpcServer server = new RpcServer(new Dispatcher(SampleBridge.create(), List.of()));

    private String post(String xml) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        server.execute(new RequestConfig(Transport.of("xmlrpc", "test", null)),
                new ServerStreamConnection() {
                    @Override
                    public InputStream newInputStream() {
                        return new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8));
                    }

                    @Override
                    public OutputStream newOutputStream() {
                        return out;
                    }

                    @Override
                    public void close() {
                    }
                });
        return out.toString(StandardCharsets.UTF_8).replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", "\"").replace("&amp;", "&");
    }

    private static String call(String method, String... values) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><methodCall><methodName>" + method
                + "</methodName><params>");
        for (String value : values) {
            xml.append("<param><value>").append(value).append("</value></param>");
        }
        return xml.append("</params></methodCall>").toString();
    }

    private static void assertFault(String reply, int code, String... inMessage) {
        assertThat(reply).contains("<fault>").contains("<name>faultCode</name><value><i4>" + code + "</i4></value>")
                .contains(inMessage).doesNotContain("at org.", "at java.", "Exception");
    }

    @Test
    void aCallIsAnsweredWithTheEnvelope() throws Exception {
        String reply = post(call("Sample.add", "<int>2</int>", "<string>40</string>"));
        assertThat(reply).doesNotContain("<fault>").contains("<name>result</name><value>42</value>")
                .contains("<name>code</name><value><i4>0</i4></value>");
    }

    @Test
    void aDoctypeIsRefusedSoNoEntityIsExpanded() throws Exception {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + call("Sample.any", "<string>&x;</string>").substring("<?xml version=\"1.0\"?>".length());
        String reply = post(xxe);
        assertFault(reply, 5005, "DOCTYPE is disallowed", "line 1");
        assertThat(reply).doesNotContain("root:");
    }

    @Test
    void apacheExtensionTypesAreRefused() throws Exception {
        String ns = "xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/extensions\"";
        assertFault(post(call("Sample.any", "<ex:serializable " + ns + ">rO0ABXQAAXg=</ex:serializable>")), 5005,
                "extension type <serializable> is not accepted");
        assertFault(post(call("Sample.any", "<ex:i8 " + ns + ">5000000000</ex:i8>")), 5005, "extension type <i8>");
        assertFault(post(call("Sample.any", "<ex:nil " + ns + "/>")), 5005, "extension type <nil>");
    }

    @Test
    void nilIsRefusedWithAHint() throws Exception {
        assertFault(post(call("Sample.any", "<nil/>")), 5005, "<nil/> is not accepted", "leave the argument");
    }

    @Test
    void unknownTypesAreRefused() throws Exception {
        assertFault(post(call("Sample.any", "<i8>5</i8>")), 5005, "unknown value type <i8>");
    }

    @Test
    void malformedXmlSaysWhereItBroke() throws Exception {
        assertFault(post("<methodCall><methodName>x</methodName"), 5005, "Malformed XML-RPC request", "line 1");
        assertFault(post("{\"json\": true}"), 5005, "Malformed XML-RPC request");
        assertFault(post("<methodResponse/>"), 5005, "methodCall");
        assertFault(post("<methodCall/>"), 5005, "no methodName");
    }

    @Test
    void deepNestingIsRefused() throws Exception {
        String open = "<array><data><value>".repeat(SecureXml.MAX_ELEMENT_DEPTH);
        String close = "</value></data></array>".repeat(SecureXml.MAX_ELEMENT_DEPTH);
        assertFault(post(call("Sample.any", open + "<int>1</int>" + close)), 5005, "maxElementDepth");
    }
}
