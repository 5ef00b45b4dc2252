package io.hostbridge.binding.amqp;

import jakarta.jms.JMSException;
import jakarta.jms.Message;

/**
 * The broker user the agent expects to be validated as, claimed on everything it sends
 * ({@link RequestListener#VALIDATED_USER}). The broker's stamp replaces a claim that is wrong, and leaves a right one
 * as it is: an AMQP message the broker need not change is passed on as it arrived, where stamping it means decoding
 * and encoding it again, body and all (which for a 256 KiB stream packet costs the broker more than carrying it). So
 * the claim saves work and decides nothing: a wrong guess costs only that work.
 *
 * @param name the user, or null to claim nothing
 */
record OwnUser(String name) {
    static final OwnUser NONE = new OwnUser(null);

    /** Claims the user on a message about to be sent. */
    void claim(Message message) throws JMSException {
        if (name != null) {
            message.setStringProperty(RequestListener.VALIDATED_USER, name);
        }
    }
}
