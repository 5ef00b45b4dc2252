package io.hostbridge.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.security.auth.x500.X500Principal;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * A data stream client for bench/streams.sh in Java, with Qpid JMS (the AMQP client a Java manager uses), written
 * from docs/amqp.md's "Data streams": Volume.upload of FILE or Volume.download into FILE through the broker, with
 * up to {@link #WINDOW} data packets unconfirmed by the broker at once. Beside the Python (Proton) client, which
 * decodes every packet in the interpreter on one thread, it shows what the agent and the broker can carry.
 *
 * <p>Usage: {@code AmqpStreamClient URL HOST_ID upload|download SD IMG VOL FILE}; URL is a Qpid JMS URL (with its
 * TLS options); prints the seconds from the call to the agent's final ok, a line for each of the
 * {@link Transfers#count()} transfers (each on a connection of its own).
 */
public final class AmqpStreamClient {
    private static final int PACKET = 256 * 1024;
    private static final int WINDOW = 8;
    private static final int DATA_PRIORITY = 1;
    private static final long TIMEOUT_MILLIS = 120_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The user the broker validates this client as, claimed on every message (docs/amqp.md: a right claim spares the
     * broker re-encoding each message), from the certificate {@code bench.amqpCertificate} names; null claims none.
     */
    private static final String CLAIM = claim(System.getProperty("bench.amqpCertificate"));

    private AmqpStreamClient() {
    }

    public static void main(String[] args) {
        for (int i = 0; i < Transfers.count(); i++) {
            JmsMain.run(AmqpStreamClient::run, args);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        Map<String, Object> volume = new HashMap<>(Map.of("storagedomainID", args[3], "imageID", args[4],
                "volumeID", args[5]));
        Path file = Path.of(args[6]);
        Connection connection = new JmsConnectionFactory(args[0]).createConnection();
        try {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            String address = "hostbridge.host." + args[1];
            MessageProducer requests = session.createProducer(session.createQueue(address));
            TemporaryQueue replyTo = session.createTemporaryQueue();
            MessageConsumer replies = session.createConsumer(replyTo);
            long start = System.nanoTime();
            if (args[2].equals("upload")) {
                try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                    volume.put("size", in.size());
                    String id = call(session, requests, replies, replyTo, "Volume.upload", volume);
                    upload(connection, address, id, in);
                }
            } else {
                String id = call(session, requests, replies, replyTo, "Volume.download", volume);
                download(session, replies, requests, id, file);
            }
            Message last = receive(replies);
            if (!"ok".equals(last.getStringProperty("status"))) {
                throw new IOException("the stream ended with " + last.getStringProperty("status") + ": "
                        + last.getStringProperty("message"));
            }
            System.out.printf("%.3f%n", (System.nanoTime() - start) / 1e9);
        } finally {
            connection.close();
        }
    }

    private static String call(Session session, MessageProducer requests, MessageConsumer replies,
                               TemporaryQueue replyTo, String verb, Map<String, Object> params) throws Exception {
        TextMessage request = session.createTextMessage(JSON.writeValueAsString(Map.of("jsonrpc", "2.0",
                "method", verb, "params", params, "id", 1)));
        request.setJMSReplyTo(replyTo);
        if (CLAIM != null) {
            request.setStringProperty("_AMQ_VALIDATED_USER", CLAIM);
        }
        requests.send(request);
        Message reply = receive(replies);
        Map<?, ?> answer = JSON.readValue(((TextMessage) reply).getText(), Map.class);
        if (!(answer.get("result") instanceof Map<?, ?> result)) {
            throw new IOException(verb + ": " + answer);
        }
        return (String) result.get("streamId");
    }

    private static Message receive(MessageConsumer consumer) throws JMSException, IOException {
        Message m = consumer.receive(TIMEOUT_MILLIS);
        if (m == null) {
            throw new IOException("nothing from the agent within " + TIMEOUT_MILLIS + " ms");
        }
        return m;
    }

    /** Data packets at priority 1 on a link of their own, at most WINDOW of them unconfirmed; then OK. */
    private static void upload(Connection connection, String address, String id, FileChannel in) throws Exception {
        Session data = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = data.createProducer(data.createQueue(address));
        producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        producer.setPriority(DATA_PRIORITY);
        Semaphore window = new Semaphore(WINDOW);
        AtomicReference<Exception> refused = new AtomicReference<>();
        CompletionListener answer = new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                window.release();
            }

            @Override
            public void onException(Message message, Exception exception) {
                refused.compareAndSet(null, exception);
                window.release();
            }
        };
        byte[] chunk = new byte[PACKET];
        ByteBuffer buffer = ByteBuffer.wrap(chunk);
        long seq = 0;
        while (true) {
            buffer.clear();
            while (buffer.hasRemaining() && in.read(buffer) > 0) {
                // a whole packet, but for the file's last one
            }
            if (buffer.position() == 0) {
                break;
            }
            if (!window.tryAcquire(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS) || refused.get() != null) {
                throw new IOException("the broker did not take a packet", refused.get());
            }
            BytesMessage m = packet(data, id, "continue", seq++);
            m.writeBytes(chunk, 0, buffer.position());
            producer.send(m, answer);
        }
        if (!window.tryAcquire(WINDOW, TIMEOUT_MILLIS, TimeUnit.MILLISECONDS) || refused.get() != null) {
            throw new IOException("the broker did not take a packet", refused.get());
        }
        producer.send(packet(data, id, "ok", seq));
    }

    /** Data to the file at its position, holes skipped; the empty CONTINUE answered with OK. */
    private static void download(Session session, MessageConsumer replies, MessageProducer requests, String id,
                                 Path file) throws Exception {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long position = 0;
            byte[] chunk = new byte[PACKET];
            while (true) {
                Message m = receive(replies);
                String status = m.getStringProperty("status");
                if ("hole".equals(status)) {
                    position += m.getLongProperty("length");
                    continue;
                }
                if (!"continue".equals(status)) {
                    throw new IOException("download: " + status + ": " + m.getStringProperty("message"));
                }
                int n = (int) ((BytesMessage) m).getBodyLength();
                if (n == 0) {
                    if (out.size() < position) {
                        out.write(ByteBuffer.allocate(1), position - 1);
                    }
                    requests.send(packet(session, id, "ok", 0));
                    return; // the agent's OK follows
                }
                ((BytesMessage) m).readBytes(chunk, n);
                ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, n);
                while (buffer.hasRemaining()) {
                    position += out.write(buffer, position);
                }
            }
        }
    }

    private static BytesMessage packet(Session session, String id, String status, long seq) throws JMSException {
        BytesMessage m = session.createBytesMessage();
        m.setStringProperty("stream", id);
        m.setStringProperty("status", status);
        m.setLongProperty("seq", seq);
        if (CLAIM != null) {
            m.setStringProperty("_AMQ_VALIDATED_USER", CLAIM);
        }
        return m;
    }

    /** The embedded broker's name for a certificate's user: its subject (RFC 2253), ";serial=", the serial in hex. */
    private static String claim(String pem) {
        if (pem == null || pem.isEmpty()) {
            return null;
        }
        try (InputStream in = Files.newInputStream(Path.of(pem))) {
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return c.getSubjectX500Principal().getName(X500Principal.RFC2253) + ";serial="
                    + c.getSerialNumber().toString(16);
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException("bench.amqpCertificate: " + e.getMessage(), e);
        }
    }
}
