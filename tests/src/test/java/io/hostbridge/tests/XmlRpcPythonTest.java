package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Python's standard xmlrpc.client, a client we did not write, talking to the agent as VDSM scripts did. */
class XmlRpcPythonTest {
    @RegisterExtension
    static final AgentExtension agent = new AgentExtension();

    /** Runs a Python script with {@code server}, a ServerProxy on the agent's /RPC2, already defined. */
    private static String python(String script) throws Exception {
        String prelude = "import sys, xmlrpc.client\nserver = xmlrpc.client.ServerProxy(sys.argv[1])\n";
        Shell.Result r = Shell.run(List.of("python3", "-c", prelude + script, agent.uri("/RPC2").toString()), 60);
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out();
    }

    @Test
    void getVdsCapabilities() throws Exception {
        String out = python("""
                caps = server.getVdsCapabilities()
                print(caps['status']['code'], caps['status']['message'])
                print('hostId', caps['info']['hostId'])
                print('memSize', type(caps['info']['memSize']).__name__, int(caps['info']['memSize']) > 0)
                print('cpuThreads', type(caps['info']['cpuThreads']).__name__)
                """);
        String hostId = Files.readString(agent.stateDir().resolve("host-id")).strip();
        assertThat(out).contains("0 Done\n", "hostId " + hostId + "\n", "memSize str True\n", "cpuThreads int\n");
    }

    @Test
    void getVdsStats() throws Exception {
        String out = python("""
                stats = server.getVdsStats()['info']
                print('cpuIdle', type(stats['cpuIdle']).__name__)
                print('memUsed ok', int(stats['memUsed']) == int(stats['memTotal']) - int(stats['memAvailable']))
                """);
        assertThat(out).contains("cpuIdle float\n", "memUsed ok True\n");
    }

    @Test
    void ping() throws Exception {
        assertThat(python("print(server.ping())")).isEqualTo("{'status': {'code': 0, 'message': 'Done'}}\n");
    }

    @Test
    void pollEventsWithHostGetEvents() throws Exception {
        try (SseClient sse = new SseClient(agent.uri("/api/v1/events?topics=host.stats"), null)) {
            sse.next(Duration.ofSeconds(10)); // so that the first poll has something to find
        }
        // poll as a script would: from the window's start, then from the last sequence number seen
        String out = python("""
                page = server.Host.getEvents('0', 'host.stats', 5)['result']
                event = page['events'][0]
                print('topic', event['topic'])
                print('seq', type(event['seq']).__name__, int(event['seq']) > 0)
                print('lastSeq', type(page['lastSeq']).__name__)
                print('cpuIdle' in event['payload'])
                newer = server.Host.getEvents(page['lastSeq'], 'host.stats')['result']['events']
                print('newer', all(int(e['seq']) > int(page['lastSeq']) for e in newer))
                """);
        assertThat(out).contains("topic host.stats\n", "seq str True\n", "lastSeq str\n", "True\n", "newer True\n");
    }

    @Test
    void errorsComeInTheStatusAndProtocolErrorsAsFaults() throws Exception {
        String out = python("""
                print(server.Host.getEvents('soon'))
                print(server.getVdsCapabilitiez()['status']['code'])
                try:
                    xmlrpc.client.ServerProxy(sys.argv[1], allow_none=True).Host.getEvents(None)
                except xmlrpc.client.Fault as f:
                    print('fault', f.faultCode, f.faultString)
                """);
        assertThat(out).contains("{'status': {'code': 5002, 'message': \"Invalid parameter 'afterSeq': expected long")
                .contains("\n5001\n").contains("fault 5005 Malformed XML-RPC request: <nil/> is not accepted");
    }
}
