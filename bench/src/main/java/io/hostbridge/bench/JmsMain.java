package io.hostbridge.bench;

/**
 * Runs a benchmark's main body and ends the JVM with status 1 on any failure: JMS threads are not daemons,
 * so an uncaught failure would leave the JVM running and the benchmark script waiting for ever.
 */
final class JmsMain {
    private JmsMain() {
    }

    interface Body {
        void run(String[] args) throws Exception;
    }

    static void run(Body body, String[] args) {
        try {
            body.run(args);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
