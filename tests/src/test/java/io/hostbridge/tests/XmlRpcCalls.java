package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** XML-RPC as a client speaks it: through Apache's client, or as raw XML over HTTP for what clients won't send. */
final class XmlRpcCalls {
    private XmlRpcCalls() {
    }

    /** A plain XML-RPC client (no extensions) for the agent's /RPC2. */
    static XmlRpcClient client(AgentExtension agent) throws Exception {
        XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
        config.setServerURL(agent.uri("/RPC2").toURL());
        config.setEnabledForExtensions(false);
        config.setConnectionTimeout(5000);
        config.setReplyTimeout(10000);
        XmlRpcClient client = new XmlRpcClient();
        client.setConfig(config);
        return client;
    }

    /** The reply struct of a call. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> call(XmlRpcClient client, String method, Object... args) throws XmlRpcException {
        return (Map<String, Object>) client.execute(method, args);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> status(Map<String, Object> reply) {
        return (Map<String, Object>) reply.get("status");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> struct(Object value) {
        return (Map<String, Object>) value;
    }

    static void assertStatus(Map<String, Object> reply, int code, String... inMessage) {
        assertThat(status(reply).get("code")).as(reply.toString()).isEqualTo(code);
        assertThat((String) status(reply).get("message")).contains(inMessage);
    }

    static void assertDone(Map<String, Object> reply) {
        assertThat(status(reply)).isEqualTo(Map.of("code", 0, "message", "Done"));
    }

    /** Raw XML posted to /RPC2, for what a well-behaved client never sends. */
    static Http.Reply post(AgentExtension agent, String xml) throws Exception {
        return Http.send(HttpRequest.newBuilder(agent.uri("/RPC2")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "text/xml").POST(HttpRequest.BodyPublishers.ofString(xml)).build());
    }

    /** A methodCall document; each param is the XML inside its {@code <value>}. */
    static String methodCall(String method, String... params) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<methodCall><methodName>").append(method)
                .append("</methodName><params>");
        for (String param : params) {
            xml.append("<param><value>").append(param).append("</value></param>");
        }
        return xml.append("</params></methodCall>").toString();
    }

    record Fault(int code, String message) {
    }

    /** The fault of a raw reply, which must be a 200 text/xml XML-RPC fault. */
    static Fault fault(Http.Reply reply) throws Exception {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("text/xml");
        Document doc = DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(reply.body().getBytes(StandardCharsets.UTF_8)));
        NodeList faults = doc.getElementsByTagName("fault");
        assertThat(faults.getLength()).as("a fault: " + reply.body()).isEqualTo(1);
        NodeList members = ((Element) faults.item(0)).getElementsByTagName("member");
        Integer code = null;
        String message = null;
        for (int i = 0; i < members.getLength(); i++) {
            Element member = (Element) members.item(i);
            String name = member.getElementsByTagName("name").item(0).getTextContent();
            String value = member.getElementsByTagName("value").item(0).getTextContent();
            if (name.equals("faultCode")) {
                code = Integer.valueOf(value);
            } else if (name.equals("faultString")) {
                message = value;
            }
        }
        assertThat(code).as(reply.body()).isNotNull();
        assertThat(message).as(reply.body()).isNotNull();
        return new Fault(code, message);
    }
}
