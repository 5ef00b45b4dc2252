package io.hostbridge.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Map;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.protocol.amqp.broker.AMQPStandardMessage;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.Test;

/**
 * The stamp on real AMQP messages as the broker holds them: what a message carries afterwards, and whether the broker
 * had to encode it anew (the costly part for a large message) or could pass it on as the sender encoded it.
 */
class ValidatedUserTest {
    private static final String OPS = "CN=ops,O=hostbridge;serial=1f";
    private final ValidatedUser plugin = new ValidatedUser();

    /** An AMQP message that counts how often the broker re-encodes it. */
    private static final class Counted extends AMQPStandardMessage {
        int reencoded;

        Counted(byte[] encoded) {
            super(0, encoded, null);
        }

        @Override
        public void reencode() {
            reencoded++;
            super.reencode();
        }
    }

    @Test
    void aSenderThatClaimsItsOwnUserIsPassedOnAsItEncodedTheMessage() throws Exception {
        Counted m = message(Map.of(ValidatedUser.PROPERTY, OPS, "status", "continue"));
        plugin.beforeSend(session(OPS), null, m, false, false);
        assertThat(m.reencoded).isZero();
        assertThat(m.getStringProperty(ValidatedUser.PROPERTY)).isEqualTo(OPS);
        assertThat(m.getStringProperty("status")).isEqualTo("continue");
    }

    @Test
    void aSenderThatClaimsNothingIsStamped() throws Exception {
        Counted m = message(Map.of("status", "continue"));
        plugin.beforeSend(session(OPS), null, m, false, false);
        assertThat(m.reencoded).as("the stamp must reach the encoding consumers receive").isEqualTo(1);
        assertThat(m.getStringProperty(ValidatedUser.PROPERTY)).isEqualTo(OPS);
        assertThat(m.getStringProperty("status")).isEqualTo("continue");
    }

    @Test
    void aWrongClaimIsReplaced() throws Exception {
        Counted m = message(Map.of(ValidatedUser.PROPERTY, "CN=admin,O=hostbridge;serial=1"));
        plugin.beforeSend(session(OPS), null, m, false, false);
        assertThat(m.reencoded).isEqualTo(1);
        assertThat(m.getStringProperty(ValidatedUser.PROPERTY)).isEqualTo(OPS);

        Counted prefix = message(Map.of(ValidatedUser.PROPERTY, OPS + "x"));
        plugin.beforeSend(session(OPS), null, prefix, false, false);
        assertThat(prefix.getStringProperty(ValidatedUser.PROPERTY)).isEqualTo(OPS);
    }

    @Test
    void withoutAValidatedUserAClaimIsRemovedAndNoClaimIsLeftAlone() throws Exception {
        Counted forged = message(Map.of(ValidatedUser.PROPERTY, OPS));
        plugin.beforeSend(session(null), null, forged, false, false);
        assertThat(forged.reencoded).isEqualTo(1);
        assertThat(forged.containsProperty(ValidatedUser.PROPERTY)).isFalse();

        Counted plain = message(Map.of("status", "ok"));
        plugin.beforeSend(session(null), null, plain, false, false);
        assertThat(plain.reencoded).isZero();
        assertThat(plain.containsProperty(ValidatedUser.PROPERTY)).isFalse();
    }

    private static Counted message(Map<String, Object> properties) {
        Message m = Message.Factory.create();
        m.setApplicationProperties(new ApplicationProperties(properties));
        m.setBody(new Data(new Binary(new byte[4096])));
        byte[] buffer = new byte[8192];
        int length = m.encode(buffer, 0, buffer.length);
        return new Counted(java.util.Arrays.copyOf(buffer, length));
    }

    /** A broker session that validated {@code user} (null: none); it is asked nothing else. */
    private static ServerSession session(String user) {
        return (ServerSession) Proxy.newProxyInstance(ServerSession.class.getClassLoader(),
                new Class<?>[] {ServerSession.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getValidatedUser")) {
                        return user;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
