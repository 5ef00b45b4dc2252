package io.hostbridge.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.trust.EmbeddedBrokerUsers;
import io.hostbridge.trust.HostPki;
import io.hostbridge.trust.PkiSettings;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.settings.HierarchicalRepository;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker on its own: AMQPS with the agent's PKI, health, ports, journal, address defaults. */
class EmbeddedBrokerTest {
    @TempDir
    Path dir;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private HostPki pki() throws IOException {
        return HostPki.open(PkiSettings.own(dir.resolve("pki")));
    }

    private EmbeddedBroker broker(HostPki pki, BrokerSettings settings) throws IOException {
        return new EmbeddedBroker(settings, pki, EmbeddedBrokerUsers.open(pki, null, false));
    }

    @Test
    void servesAmqpsOnItsPortAndReportsHealth() throws Exception {
        int port = freePort();
        HostPki pki = pki();
        pki.issue("ops", AccessLevel.WRITE, Duration.ofDays(1), dir.resolve("certs"));
        EmbeddedBroker broker = broker(pki, BrokerSettings.secure("127.0.0.1", port, dir.resolve("broker")));
        BrokerHealthCheck health = new BrokerHealthCheck(broker);
        assertThat(health.check().healthy()).isFalse();
        broker.start();
        try {
            assertThat(health.check().healthy()).isTrue();
            assertThat(health.check().message()).contains("amqps://127.0.0.1:" + port);
            Clients clients = new Clients(port, pki, dir.resolve("certs"));
            try (Connection agent = clients.agent(); Connection ops = clients.as("ops")) {
                Session session = agent.createSession(Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue("hostbridge.host.h1"));
                Session client = ops.createSession(Session.AUTO_ACKNOWLEDGE);
                client.createProducer(client.createQueue("hostbridge.host.h1")).send(client.createTextMessage("hi"));
                Message m = consumer.receive(10_000);
                assertThat(((TextMessage) m).getText()).isEqualTo("hi");
            }
        } finally {
            broker.stop();
        }
        assertThat(health.check().healthy()).isFalse();
        assertThat(dir.resolve("broker")).as("nothing written when not persistent").doesNotExist();
        broker.stop(); // idempotent
    }

    @Test
    void aTakenPortFailsTheStartWithAClearMessage() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            EmbeddedBroker broker = broker(pki(),
                    BrokerSettings.secure("127.0.0.1", taken.getLocalPort(), dir.resolve("broker")));
            assertThatThrownBy(broker::start).hasMessageContaining("did not start on amqps://127.0.0.1:"
                    + taken.getLocalPort()).hasMessageContaining("broker.port");
            assertThat(broker.running()).isFalse();
        }
    }

    @Test
    void thePlainListenerIsForLoopbackOnly() {
        assertThatThrownBy(() -> new BrokerSettings("0.0.0.0", 5671, 5672, false, false, dir))
                .hasMessageContaining("amqp.insecure").hasMessageContaining("loopback").hasMessageContaining("0.0.0.0");
        assertThat(new BrokerSettings("::1", 5671, 5672, false, false, dir).insecurePort()).isEqualTo(5672);
        assertThat(new BrokerSettings("localhost", 5671, 5672, false, false, dir).insecurePort()).isEqualTo(5672);
        assertThatThrownBy(() -> new BrokerSettings("127.0.0.1", 5671, 5671, false, false, dir))
                .hasMessageContaining("broker.insecurePort");
    }

    @Test
    void persistentBrokerKeepsItsJournalInTheDataDir() throws Exception {
        EmbeddedBroker broker = broker(pki(), new BrokerSettings("127.0.0.1", freePort(), 0, false, true,
                dir.resolve("b")));
        broker.start();
        broker.stop();
        assertThat(dir.resolve("b/journal")).isDirectory();
        try (var files = Files.list(dir.resolve("b/journal"))) {
            assertThat(files).isNotEmpty();
        }
    }

    /** A plain AMQP client names no routing type: the address defaults decide, so they must be right. */
    @Test
    void addressDefaultsGiveHostbridgeAddressesTheirRoutingType() throws Exception {
        EmbeddedBroker broker = broker(pki(), BrokerSettings.secure("127.0.0.1", freePort(), dir));
        broker.start();
        try {
            check(broker.server().getAddressSettingsRepository());
        } finally {
            broker.stop();
        }
    }

    private static void check(HierarchicalRepository<AddressSettings> repository) {
        AddressSettings requests = repository.getMatch("hostbridge.host.0f1e");
        assertThat(requests.getDefaultAddressRoutingType()).isEqualTo(RoutingType.ANYCAST);
        assertThat(requests.getDefaultQueueRoutingType()).isEqualTo(RoutingType.ANYCAST);
        assertThat(requests.getAddressFullMessagePolicy()).isEqualTo(AddressFullMessagePolicy.BLOCK);
        assertThat(requests.getMaxSizeBytes()).isEqualTo(BrokerConfiguration.REQUESTS_MAX_BYTES);
        assertThat(requests.getMaxSizeBytesRejectThreshold()).isEqualTo(BrokerConfiguration.REQUESTS_REJECT_BYTES);
        for (String multicast : new String[] {"hostbridge.events.0f1e", "hostbridge.presence"}) {
            AddressSettings settings = repository.getMatch(multicast);
            assertThat(settings.getDefaultAddressRoutingType()).as(multicast).isEqualTo(RoutingType.MULTICAST);
            assertThat(settings.getAddressFullMessagePolicy()).as(multicast).isEqualTo(AddressFullMessagePolicy.DROP);
            assertThat(settings.getMaxSizeBytes()).as(multicast).isEqualTo(BrokerConfiguration.MULTICAST_MAX_BYTES);
            assertThat(settings.isAutoCreateAddresses()).as(multicast).isTrue();
        }
        AddressSettings other = repository.getMatch("replies.manager1");
        assertThat(other.getAddressFullMessagePolicy()).isEqualTo(AddressFullMessagePolicy.BLOCK);
        assertThat(other.getMaxSizeBytes()).isEqualTo(BrokerConfiguration.QUEUE_MAX_BYTES);
        assertThat(other.getMaxSizeBytesRejectThreshold()).isEqualTo(BrokerConfiguration.QUEUE_REJECT_BYTES);
    }
}
