package io.hostbridge.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.trust.EmbeddedBrokerUsers;
import io.hostbridge.trust.HostPki;
import io.hostbridge.trust.PasswordHash;
import io.hostbridge.trust.PkiSettings;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.UUID;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may do what on the embedded broker, tried with Qpid JMS clients: each client is authenticated (certificate,
 * or password when configured), only the agent takes its requests and publishes events, clients subscribe and get
 * replies, and every message carries the user the broker validated.
 */
class BrokerSecurityTest {
    private static final long WAIT = 10_000;

    @TempDir
    static Path dir;
    static HostPki pki;
    static Path certs;
    static Path denied;
    static EmbeddedBroker broker;
    static Clients clients;
    static int insecurePort;
    static X509Certificate ops;
    static Path users;
    /** The users file's line for {@code engine}, password {@code s3cret!}. */
    static String engineLine;

    @BeforeAll
    static void start() throws Exception {
        denied = dir.resolve("denied-serials");
        Files.writeString(denied, "");
        pki = HostPki.open(new PkiSettings(dir.resolve("pki"), null, null, null, null, denied, null));
        certs = dir.resolve("certs");
        pki.issue("reader", AccessLevel.READ, Duration.ofDays(1), certs);
        ops = pki.issue("ops", AccessLevel.WRITE, Duration.ofDays(1), certs);
        pki.issue("lost", AccessLevel.ADMIN, Duration.ofDays(1), certs);
        pki.issue("old", AccessLevel.ADMIN, Duration.ofMinutes(-10), certs);
        HostPki.open(PkiSettings.own(dir.resolve("other-pki")))
                .issue("stranger", AccessLevel.ADMIN, Duration.ofDays(1), dir.resolve("other"));
        users = dir.resolve("users");
        engineLine = "write engine " + PasswordHash.of("s3cret!".toCharArray()) + "\n";
        Files.writeString(users, engineLine);
        int port = EmbeddedBrokerTest.freePort();
        insecurePort = EmbeddedBrokerTest.freePort();
        broker = new EmbeddedBroker(new BrokerSettings("127.0.0.1", port, insecurePort, true, false, dir),
                pki, EmbeddedBrokerUsers.open(pki, users, true));
        broker.start();
        clients = new Clients(port, pki, certs);
    }

    @AfterAll
    static void stop() {
        broker.stop();
    }

    private static String nameOf(X509Certificate certificate) {
        return HostPki.principalOf(certificate) + ";serial=" + certificate.getSerialNumber().toString(16);
    }

    /**
     * The broker asks about a password user again before each message it sends (the agent remembers a password it
     * found right, so that this is not a PBKDF2 derivation per message: BrokerUsersTest counts them); a user removed
     * from the users file loses the rights of its open connection all the same.
     */
    @Test
    void aPasswordUsersMessagesAreStampedUntilItIsRemovedFromTheUsersFile() throws Exception {
        String batch = "write batch " + PasswordHash.of("b4tch!".toCharArray()) + "\n";
        Files.writeString(users, engineLine + batch);
        try (Connection agent = clients.agent(); Connection user = clients.withPassword("batch", "b4tch!")) {
            Session a = agent.createSession(Session.AUTO_ACKNOWLEDGE);
            MessageConsumer requests = a.createConsumer(a.createQueue("hostbridge.host.h3"));
            Session s = user.createSession(Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = s.createProducer(s.createQueue("hostbridge.host.h3"));
            for (int i = 0; i < 20; i++) {
                producer.send(s.createTextMessage("{}"));
            }
            for (int i = 0; i < 20; i++) {
                assertThat(requests.receive(WAIT).getStringProperty(ValidatedUser.PROPERTY)).isEqualTo("batch");
            }
            Files.writeString(users, engineLine);
            long deadline = System.nanoTime() + WAIT * 1_000_000;
            boolean refused = false;
            while (!refused && System.nanoTime() < deadline) {
                try {
                    producer.send(s.createTextMessage("{}"));
                    Thread.sleep(100); // the users file is looked at once a second
                } catch (JMSSecurityException e) {
                    refused = true;
                }
            }
            assertThat(refused).as("a send refused once the user is gone from the file").isTrue();
        } finally {
            Files.writeString(users, engineLine);
        }
    }

    @Test
    void theAgentTakesItsRequestsStampedWithTheSendersValidatedUserWhateverTheSenderClaims() throws Exception {
        try (Connection agent = clients.agent(); Connection sender = clients.as("ops");
             Connection engine = clients.withPassword("engine", "s3cret!")) {
            Session a = agent.createSession(Session.AUTO_ACKNOWLEDGE);
            MessageConsumer requests = a.createConsumer(a.createQueue("hostbridge.host.h1"));
            for (Connection c : new Connection[] {sender, engine}) {
                Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
                TextMessage forged = s.createTextMessage("{}");
                forged.setStringProperty(ValidatedUser.PROPERTY, "CN=admin,O=hostbridge;serial=1");
                s.createProducer(s.createQueue("hostbridge.host.h1")).send(forged);
            }
            assertThat(requests.receive(WAIT).getStringProperty(ValidatedUser.PROPERTY)).isEqualTo(nameOf(ops));
            assertThat(requests.receive(WAIT).getStringProperty(ValidatedUser.PROPERTY)).isEqualTo("engine");
        }
    }

    @Test
    void aRequestQueueIsTheAgentsToMakeSoNoClientSendsBeforeItsAgentIsThere() throws Exception {
        try (Connection ops = clients.as("ops")) {
            Session s = ops.createSession(Session.AUTO_ACKNOWLEDGE);
            assertThatThrownBy(() -> s.createProducer(s.createQueue("hostbridge.host.nobody-yet"))
                    .send(s.createTextMessage("{}"))).isInstanceOf(JMSException.class)
                    .hasMessageContaining("does not have permission");
        }
    }

    @Test
    void nobodyButTheAgentTakesItsRequestsOrBindsAQueueToTheirAddress() throws Exception {
        try (Connection agent = clients.agent(); Connection admin = clients.withPassword("engine", "s3cret!");
             Connection reader = clients.as("reader")) {
            Session a = agent.createSession(Session.AUTO_ACKNOWLEDGE);
            a.createConsumer(a.createQueue("hostbridge.host.h2"));
            for (Connection c : new Connection[] {admin, reader}) {
                Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
                assertThatThrownBy(() -> s.createConsumer(s.createQueue("hostbridge.host.h2")))
                        .isInstanceOf(JMSSecurityException.class);
                assertThatThrownBy(() -> s.createConsumer(s.createQueue("hostbridge.host.h2::stolen")))
                        .isInstanceOf(JMSSecurityException.class);
                assertThatThrownBy(() -> s.createBrowser(s.createQueue("hostbridge.host.h2")).getEnumeration()
                        .hasMoreElements()).isInstanceOf(JMSException.class);
                assertThatThrownBy(() -> s.createConsumer(s.createQueue("hostbridge.host.h-not-yet-there")))
                        .isInstanceOf(JMSSecurityException.class);
            }
            assertThat(broker.server().locateQueue(SimpleString.of("stolen"))).as("no queue was bound").isNull();
            assertThat(broker.server().getPostOffice().getBindingsForAddress(SimpleString.of("hostbridge.host.h2"))
                    .getBindings()).hasSize(1);
        }
    }

    @Test
    void readersSubscribeToEventsAndPresenceButOnlyTheAgentPublishes() throws Exception {
        try (Connection agent = clients.agent(); Connection reader = clients.as("reader");
             Connection admin = clients.withPassword("engine", "s3cret!")) {
            Session a = agent.createSession(Session.AUTO_ACKNOWLEDGE);
            Session r = reader.createSession(Session.AUTO_ACKNOWLEDGE);
            for (String address : new String[] {"hostbridge.events.h3", "hostbridge.presence"}) {
                MessageConsumer subscriber = r.createConsumer(r.createTopic(address));
                a.createProducer(a.createTopic(address)).send(a.createTextMessage("{\"topic\":\"x\"}"));
                Message event = subscriber.receive(WAIT);
                assertThat(event).as(address).isNotNull();
                assertThat(event.getStringProperty(ValidatedUser.PROPERTY)).isEqualTo(nameOf(pki.chain().get(0)));
                for (Connection c : new Connection[] {reader, admin}) {
                    Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
                    assertThatThrownBy(() -> s.createProducer(s.createTopic(address))
                            .send(s.createTextMessage("{\"topic\":\"forged\"}"))).as(address)
                            .isInstanceOf(JMSSecurityException.class);
                }
                assertThat(subscriber.receive(300)).as("nothing forged arrived").isNull();
                assertThatThrownBy(() -> r.createDurableSubscriber(r.createTopic(address), "keep"))
                        .as("durable subscriptions keep events for absent readers").isInstanceOf(JMSException.class);
            }
        }
    }

    @Test
    void repliesReachTemporaryAndNamedQueuesButNotTheAgentsOwnAddresses() throws Exception {
        try (Connection agent = clients.agent(); Connection reader = clients.as("reader")) {
            Session r = reader.createSession(Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue temporary = r.createTemporaryQueue();
            Queue named = r.createQueue("replies.manager-1");
            MessageConsumer fromTemporary = r.createConsumer(temporary);
            MessageConsumer fromNamed = r.createConsumer(named);
            Session a = agent.createSession(Session.AUTO_ACKNOWLEDGE);
            MessageProducer replies = a.createProducer(null);
            replies.send(a.createQueue(temporary.getQueueName()), a.createTextMessage("1"));
            replies.send(named, a.createTextMessage("2"));
            assertThat(((TextMessage) fromTemporary.receive(WAIT)).getText()).isEqualTo("1");
            assertThat(((TextMessage) fromNamed.receive(WAIT)).getText()).isEqualTo("2");
            assertThatThrownBy(() -> replies.send(a.createQueue("hostbridge.host.other"), a.createTextMessage("3")))
                    .as("the agent sends no request to another host").isInstanceOf(JMSSecurityException.class);
            // as the agent's outboxes send: non-persistent, so a refusal comes back asynchronously
            replies.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            String gone = "gone-" + UUID.randomUUID(); // a reply queue that went away with its manager
            replies.send(a.createQueue(gone), a.createTextMessage("4"));
            replies.send(named, a.createTextMessage("5"));
            assertThat(((TextMessage) fromNamed.receive(WAIT)).getText())
                    .as("a reply the broker refused does not cost the producer").isEqualTo("5");
            assertThat(broker.server().getAddressInfo(SimpleString.of(gone)))
                    .as("the agent re-creates no reply address").isNull();
            replies.send(a.createQueue(temporary.getQueueName()), a.createTextMessage("6"));
            assertThat(((TextMessage) fromTemporary.receive(WAIT)).getText()).isEqualTo("6");
        }
    }

    /** Requests above Artemis' large-message threshold (100 KiB for AMQP) are stored apart: stamped all the same. */
    @Test
    void aLargeRequestIsStampedToo() throws Exception {
        try (Connection agent = clients.agent(); Connection sender = clients.as("ops")) {
            Session a = agent.createSession(Session.AUTO_ACKNOWLEDGE);
            MessageConsumer requests = a.createConsumer(a.createQueue("hostbridge.host.h6"));
            Session s = sender.createSession(Session.AUTO_ACKNOWLEDGE);
            String body = "{\"pad\":\"" + "x".repeat(300 * 1024) + "\"}";
            TextMessage forged = s.createTextMessage(body);
            forged.setStringProperty(ValidatedUser.PROPERTY, "CN=admin,O=hostbridge;serial=1");
            s.createProducer(s.createQueue("hostbridge.host.h6")).send(forged);
            TextMessage received = (TextMessage) requests.receive(WAIT);
            assertThat(received.getStringProperty(ValidatedUser.PROPERTY)).isEqualTo(nameOf(ops));
            assertThat(received.getText()).isEqualTo(body);
        }
    }

    @Test
    void withoutACertificateOfTheCaOrAPasswordThereIsNoConnection() throws Exception {
        assertThatThrownBy(() -> clients.withoutCertificate().close()).as("no credentials")
                .isInstanceOf(JMSException.class);
        assertThatThrownBy(() -> clients.withPassword("engine", "wrong").close()).as("wrong password")
                .isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> clients.withPassword("ACTIVEMQ.CLUSTER.ADMIN.USER", "CHANGE ME!!").close())
                .as("Artemis' cluster user with its default password").isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> clients.as("old").close()).as("expired").isInstanceOf(JMSException.class);
        JmsConnectionFactory stranger = new JmsConnectionFactory(clients.url());
        stranger.setSslContext(Clients.contextOf(dir.resolve("other"), "stranger"));
        assertThatThrownBy(() -> stranger.createConnection().start()).as("another CA").isInstanceOf(JMSException.class);
    }

    @Test
    void aRevokedCertificateLosesItsConnectionsRightsAndCannotConnectAgain() throws Exception {
        try (Connection agent = clients.agent(); Connection lost = clients.as("lost")) {
            Session a = agent.createSession(Session.AUTO_ACKNOWLEDGE);
            a.createConsumer(a.createQueue("hostbridge.host.h4")); // a request queue exists once its agent is there
            Session s = lost.createSession(Session.AUTO_ACKNOWLEDGE);
            MessageProducer requests = s.createProducer(s.createQueue("hostbridge.host.h4"));
            requests.send(s.createTextMessage("before"));
            X509Certificate certificate = HostPki.open(new PkiSettings(null, certs.resolve("ca.pem"),
                    certs.resolve("lost.pem"), certs.resolve("lost-key.pem"), null, null, null)).chain().get(0);
            Files.writeString(denied, certificate.getSerialNumber().toString(16) + "\n");
            Thread.sleep(1100); // the deny list is looked at once a second
            assertThatThrownBy(() -> requests.send(s.createTextMessage("after")))
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> clients.as("lost").close()).isInstanceOf(JMSException.class);
        } finally {
            Files.writeString(denied, "");
        }
    }

    @Test
    void thePlainLoopbackListenerOfInsecureModeTakesAnonymousAdminsWhoStillCannotTakeRequests() throws Exception {
        try (Connection agent = clients.agent();
             Connection plain = new JmsConnectionFactory("amqp://127.0.0.1:" + insecurePort).createConnection()) {
            plain.start();
            Session a = agent.createSession(Session.AUTO_ACKNOWLEDGE);
            MessageConsumer requests = a.createConsumer(a.createQueue("hostbridge.host.h5"));
            Session p = plain.createSession(Session.AUTO_ACKNOWLEDGE);
            p.createProducer(p.createQueue("hostbridge.host.h5")).send(p.createTextMessage("{}"));
            assertThat(requests.receive(WAIT).getStringProperty(ValidatedUser.PROPERTY)).isEqualTo("anonymous");
            assertThatThrownBy(() -> p.createConsumer(p.createQueue("hostbridge.host.h5")))
                    .isInstanceOf(JMSSecurityException.class);
        }
    }

    @Test
    void managementIsNobodysBusiness() throws Exception {
        try (Connection admin = clients.withPassword("engine", "s3cret!")) {
            Session s = admin.createSession(Session.AUTO_ACKNOWLEDGE);
            assertThatThrownBy(() -> s.createProducer(s.createQueue("activemq.management"))
                    .send(s.createTextMessage("x"))).isInstanceOf(JMSException.class);
            assertThatThrownBy(() -> s.createConsumer(s.createTopic("activemq.notifications")))
                    .isInstanceOf(JMSException.class);
            assertThatThrownBy(() -> s.createConsumer(s.createQueue("ExpiryQueue")))
                    .isInstanceOf(JMSException.class);
        }
    }
}
