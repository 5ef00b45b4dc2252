package io.hostbridge.bench;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * Request/reply load over AMQP for bench/protocols.sh: {@code callers} threads, each with its own session
 * and temporary reply queue, send a JSON-RPC {@code Host.ping2} and wait for the correlated reply, for a
 * warm-up and then a measured run. Prints one summary line like the wrk scripts.
 *
 * <pre>
 * AmqpLoad agent URL HOST_ID CALLERS WARMUP_S RUN_S   calls the agent on hostbridge.host.HOST_ID
 * AmqpLoad bare  URL -       CALLERS WARMUP_S RUN_S   calls a bare JMS responder started here
 * </pre>
 *
 * The bare responder is the floor an AMQP agent on Qpid JMS can reach through the same broker: as many
 * consumer sessions as the agent has workers (8), each answering with a fixed JSON-RPC result.
 */
public final class AmqpLoad {
    /** Outside hostbridge.#, which the embedded broker keeps for the agents. */
    private static final String BARE_QUEUE = "bench.bare";
    private static final int BARE_RESPONDERS = 8;
    private static final int CONNECTIONS = 4;

    private AmqpLoad() {
    }

    public static void main(String[] args) {
        JmsMain.run(AmqpLoad::run, args);
    }

    private static void run(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: AmqpLoad agent|bare URL HOST_ID CALLERS WARMUP_S RUN_S");
            System.exit(2);
        }
        boolean bare = args[0].equals("bare");
        String url = args[1] + "?jms.requestTimeout=10000";
        int callers = Integer.parseInt(args[3]);
        long warmupNanos = Long.parseLong(args[4]) * 1_000_000_000L;
        long runNanos = Long.parseLong(args[5]) * 1_000_000_000L;
        JmsConnectionFactory factory = new JmsConnectionFactory(url);
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            Connection c = factory.createConnection();
            c.start();
            connections.add(c);
        }
        if (bare) {
            startResponders(factory);
        }
        String queue = bare ? BARE_QUEUE : "hostbridge.host." + args[2];
        AtomicLong errors = new AtomicLong();
        long[][] latencies = new long[callers][];
        int[] counts = new int[callers];
        long start = System.nanoTime();
        long measureFrom = start + warmupNanos;
        long end = measureFrom + runNanos;
        CountDownLatch done = new CountDownLatch(callers);
        for (int t = 0; t < callers; t++) {
            int id = t;
            Connection connection = connections.get(t % CONNECTIONS);
            Thread thread = new Thread(() -> {
                try {
                    long[] mine = new long[1 << 16];
                    int n = 0;
                    Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    Queue target = session.createQueue(queue);
                    MessageProducer producer = session.createProducer(target);
                    producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
                    TemporaryQueue replies = session.createTemporaryQueue();
                    MessageConsumer consumer = session.createConsumer(replies);
                    long seq = 0;
                    while (true) {
                        long t0 = System.nanoTime();
                        if (t0 >= end) {
                            break;
                        }
                        TextMessage request = session.createTextMessage(
                                "{\"jsonrpc\":\"2.0\",\"method\":\"Host.ping2\",\"id\":" + (++seq) + "}");
                        request.setJMSReplyTo(replies);
                        producer.send(request);
                        Message reply = consumer.receive(10_000);
                        long t1 = System.nanoTime();
                        if (!(reply instanceof TextMessage text) || !text.getText().contains("\"result\":true")
                                || !request.getJMSMessageID().equals(reply.getJMSCorrelationID())) {
                            errors.incrementAndGet();
                            continue;
                        }
                        if (t0 >= measureFrom) {
                            if (n == mine.length) {
                                mine = Arrays.copyOf(mine, n * 2);
                            }
                            mine[n++] = t1 - t0;
                        }
                    }
                    latencies[id] = mine;
                    counts[id] = n;
                    session.close();
                } catch (JMSException e) {
                    errors.incrementAndGet();
                    e.printStackTrace();
                } finally {
                    done.countDown();
                }
            }, "caller-" + t);
            thread.start();
        }
        done.await();
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int k = 0;
        for (int t = 0; t < callers; t++) {
            if (latencies[t] != null) {
                System.arraycopy(latencies[t], 0, all, k, counts[t]);
                k += counts[t];
            }
        }
        Arrays.sort(all, 0, k);
        double seconds = runNanos / 1e9;
        System.out.printf("hostbridge-bench requests=%d duration_us=%d rps=%.1f p50_us=%d p99_us=%d max_us=%d "
                        + "non2xx=%d connect=0 read=0 write=0 timeout=0%n", k, runNanos / 1000, k / seconds,
                percentile(all, k, 50), percentile(all, k, 99), k == 0 ? 0 : all[k - 1] / 1000, errors.get());
        for (Connection c : connections) {
            c.close();
        }
        System.exit(0);
    }

    private static long percentile(long[] sorted, int n, int p) {
        return n == 0 ? 0 : sorted[Math.min(n - 1, (int) Math.ceil(p / 100.0 * n) - 1)] / 1000;
    }

    /** The bare loop: consumers that answer every request at once with a fixed JSON-RPC result. */
    private static void startResponders(JmsConnectionFactory factory) throws JMSException {
        Connection connection = factory.createConnection();
        for (int i = 0; i < BARE_RESPONDERS; i++) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer replies = session.createProducer(null);
            replies.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            session.createConsumer(session.createQueue(BARE_QUEUE)).setMessageListener(request -> {
                try {
                    TextMessage reply = session.createTextMessage("{\"jsonrpc\":\"2.0\",\"result\":true,\"id\":0}");
                    reply.setJMSCorrelationID(request.getJMSMessageID());
                    replies.send(request.getJMSReplyTo(), reply);
                } catch (JMSException e) {
                    e.printStackTrace();
                }
            });
        }
        connection.start();
    }
}
