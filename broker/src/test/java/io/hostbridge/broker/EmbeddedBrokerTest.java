package io.hostbridge.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.settings.HierarchicalRepository;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedBrokerTest {
    @TempDir
    Path dir;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void servesAmqpOnItsPortAndReportsHealth() throws Exception {
        int port = freePort();
        EmbeddedBroker broker = new EmbeddedBroker(new BrokerSettings("127.0.0.1", port, false, dir.resolve("broker")));
        BrokerHealthCheck health = new BrokerHealthCheck(broker);
        assertThat(health.check().healthy()).isFalse();
        broker.start();
        try {
            assertThat(health.check().healthy()).isTrue();
            assertThat(health.check().message()).contains("amqp://127.0.0.1:" + port);
            try (Connection c = new JmsConnectionFactory("amqp://127.0.0.1:" + port).createConnection()) {
                c.start();
                Session session = c.createSession(Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue("hostbridge.host.h1"));
                session.createProducer(session.createQueue("hostbridge.host.h1")).send(session.createTextMessage("hi"));
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
            EmbeddedBroker broker = new EmbeddedBroker(
                    new BrokerSettings("127.0.0.1", taken.getLocalPort(), false, dir.resolve("broker")));
            assertThatThrownBy(broker::start).hasMessageContaining("did not start on amqp://127.0.0.1:"
                    + taken.getLocalPort()).hasMessageContaining("broker.port");
            assertThat(broker.running()).isFalse();
        }
    }

    @Test
    void persistentBrokerKeepsItsJournalInTheDataDir() throws Exception {
        EmbeddedBroker broker = new EmbeddedBroker(new BrokerSettings("127.0.0.1", freePort(), true, dir.resolve("b")));
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
        EmbeddedBroker broker = new EmbeddedBroker(new BrokerSettings("127.0.0.1", freePort(), false, dir));
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
        assertThat(requests.getAddressFullMessagePolicy()).isEqualTo(AddressFullMessagePolicy.FAIL);
        for (String multicast : new String[] {"hostbridge.events.0f1e", "hostbridge.presence"}) {
            AddressSettings settings = repository.getMatch(multicast);
            assertThat(settings.getDefaultAddressRoutingType()).as(multicast).isEqualTo(RoutingType.MULTICAST);
            assertThat(settings.getAddressFullMessagePolicy()).as(multicast).isEqualTo(AddressFullMessagePolicy.DROP);
            assertThat(settings.getMaxSizeBytes()).as(multicast).isEqualTo(BrokerConfiguration.MULTICAST_MAX_BYTES);
            assertThat(settings.isAutoCreateAddresses()).as(multicast).isTrue();
        }
        AddressSettings other = repository.getMatch("replies.manager1");
        assertThat(other.getAddressFullMessagePolicy()).isEqualTo(AddressFullMessagePolicy.FAIL);
    }
}
