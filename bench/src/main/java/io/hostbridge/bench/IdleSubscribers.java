package io.hostbridge.bench;

import jakarta.jms.Connection;
import jakarta.jms.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * Idle event subscribers for bench/subscribers.sh: opens {@code N} subscribers of one kind to an agent, each on a
 * connection of its own, prints {@code ready} once every one is subscribed, and holds them (reading and dropping what
 * comes) until its standard input closes.
 *
 * <p>Usage: {@code IdleSubscribers sse|stomp PORT N} (the agent's plain loopback HTTP port, where STOMP is served
 * too) or {@code IdleSubscribers amqp URL HOST_ID N} (a Qpid JMS URL of the embedded broker). {@code amqp-shared}
 * takes the same arguments and opens the {@code N} subscribers (a session and a consumer each) on one connection, as
 * a manager watching several things at once would.
 */
public final class IdleSubscribers {
    private IdleSubscribers() {
    }

    public static void main(String[] args) throws Exception {
        List<AutoCloseable> held = new ArrayList<>();
        switch (args[0]) {
            case "sse" -> {
                for (int i = 0; i < Integer.parseInt(args[2]); i++) {
                    held.add(socket(Integer.parseInt(args[1]), "GET /api/v1/events?topics=host.stats HTTP/1.1\r\n"
                            + "Host: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n", "HTTP/1.1 200"));
                }
            }
            case "stomp" -> {
                for (int i = 0; i < Integer.parseInt(args[2]); i++) {
                    held.add(socket(Integer.parseInt(args[1]), "CONNECT\naccept-version:1.2\nhost:localhost\n"
                            + "heart-beat:0,0\n\n\0SUBSCRIBE\ndestination:jms.queue.events\nid:events\nack:auto\n"
                            + "receipt:subscribed\n\n\0", "receipt-id:subscribed"));
                }
            }
            case "amqp" -> {
                JmsConnectionFactory factory = new JmsConnectionFactory(args[1]);
                for (int i = 0; i < Integer.parseInt(args[3]); i++) {
                    Connection connection = factory.createConnection();
                    connection.start();
                    Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    session.createConsumer(session.createTopic("hostbridge.events." + args[2])).setMessageListener(m -> {
                    });
                    held.add(connection::close);
                }
            }
            case "amqp-shared" -> {
                Connection connection = new JmsConnectionFactory(args[1]).createConnection();
                connection.start();
                held.add(connection::close);
                for (int i = 0; i < Integer.parseInt(args[3]); i++) {
                    Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    session.createConsumer(session.createTopic("hostbridge.events." + args[2])).setMessageListener(m -> {
                    });
                }
            }
            default -> throw new IllegalArgumentException("sse, stomp, amqp or amqp-shared, not " + args[0]);
        }
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // held until the script closes our standard input
        }
        for (AutoCloseable c : held) {
            c.close();
        }
        System.exit(0);
    }

    /** A connection that sent {@code request} and read until {@code until}; a daemon thread then drains it. */
    private static AutoCloseable socket(int port, String request, String until) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (seen.indexOf(until) < 0) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("the agent closed the connection before '" + until + "': " + seen);
            }
            seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        Thread drain = new Thread(() -> {
            try {
                while (in.read(buffer) >= 0) {
                    // events and heart-beats, dropped
                }
            } catch (IOException e) {
                // closed
            }
        });
        drain.setDaemon(true);
        drain.start();
        return socket;
    }
}
