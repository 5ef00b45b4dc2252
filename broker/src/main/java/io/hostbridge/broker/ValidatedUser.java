package io.hostbridge.broker;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;

/**
 * Stamps the user the broker validated on every message a client sends, as the application property
 * {@code _AMQ_VALIDATED_USER}, replacing whatever the client put there; a message from a session without a validated
 * user loses the property. Artemis' own {@code populate-validated-user} does this for core messages only: AMQP
 * messages ignore it (ARTEMIS-2751), hence this plugin. It needs nothing but Artemis, so an external Artemis can load
 * it too ({@code <broker-plugin class-name="io.hostbridge.broker.ValidatedUser"/>}, docs/amqp.md).
 */
public final class ValidatedUser implements ActiveMQServerMessagePlugin {
    /** The property's name: Artemis' own for core messages, which Qpid JMS shows as a string property. */
    public static final String PROPERTY = Message.HDR_VALIDATED_USER.toString();

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct,
                           boolean noAutoCreateQueue) throws ActiveMQException {
        String user = session.getValidatedUser();
        boolean forged = user == null && message.containsProperty(PROPERTY);
        if (user != null && !user.equals(message.getStringProperty(PROPERTY))) {
            message.putStringProperty(PROPERTY, user);
        } else if (!forged) {
            return;
        } else {
            message.removeProperty(PROPERTY);
        }
        message.reencode(); // an AMQP message is sent as it was received unless re-encoded
    }
}
