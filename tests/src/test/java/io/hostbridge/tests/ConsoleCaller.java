package io.hostbridge.tests;

import io.hostbridge.api.BridgeException;
import io.hostbridge.bridge.Peer;
import io.hostbridge.bridge.Transport;
import io.hostbridge.bridge.stream.MemoryStreamClient;
import io.hostbridge.bridge.stream.StreamPacket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How a console test reaches {@code VM.openConsole}: one implementation per way a caller can (RealVmConsoleTest
 * runs its scenarios with each). {@link #inMemory} carries the stream through the bridge with no wire;
 * {@link #webSocket} is a REST caller with Python's websockets ({@code GET /api/v1/streams/{streamId}});
 * {@link #stomp} a JSON-RPC caller over STOMP; {@link #amqp} one over AMQP with Qpid Proton (packets as messages on
 * the host's address). Each implements the same verbs of a user at a console: type, read, hang up.
 */
@FunctionalInterface
interface ConsoleCaller {

    /**
     * Calls {@code VM.openConsole}.
     *
     * @throws Refused when the agent refuses the call
     */
    Console open(String vmId, boolean force) throws Exception;

    /** The agent refused {@code VM.openConsole}: its code and message. */
    final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final int code;

        Refused(int code, String message) {
            super(code + ": " + message);
            this.code = code;
        }
    }

    /** An open console. */
    interface Console {
        /** Sends keys (UTF-8) as typed. */
        void type(String keys) throws Exception;

        /** Waits until the console's output so far holds {@code marker}; an AssertionError at the deadline. */
        String awaitText(String marker, Duration timeout) throws Exception;

        /**
         * Waits for the agent's next packet that is not data: {@code "eof"} (its end of data), {@code "ok"}, or
         * {@code "error <code>: <message>"}.
         */
        String awaitEnd(Duration timeout) throws Exception;

        /** The caller's OK: it closes the console, or answers the agent's end of data. */
        void ok() throws Exception;

        /** The caller aborts (ERROR). */
        void abort(String message) throws Exception;
    }

    /** A REST call, then the stream's WebSocket, in Python ({@link PythonConsole}). */
    static ConsoleCaller webSocket(AgentExtension agent) {
        return (vmId, force) -> {
            String base = agent.uri("/").toString();
            return PythonConsole.open("WebSocket", List.of(script("websocket/console.py"),
                    base.substring(0, base.length() - 1), vmId, String.valueOf(force)));
        };
    }

    /**
     * A JSON-RPC call over AMQP, the packets as messages on the host's address and the call's reply address, in
     * Python with Qpid Proton ({@link PythonConsole}): AMQPS to the agent's embedded broker on {@code brokerPort},
     * logging in with the client certificate {@link AmqpSupport#issue issued} as {@code name} into {@code certs}.
     */
    static ConsoleCaller amqp(AgentExtension agent, String brokerPort, Path certs, String name) {
        return (vmId, force) -> PythonConsole.open("AMQP", List.of(script("amqp/console.py"),
                "amqps://localhost:" + brokerPort, AmqpSupport.hostId(agent), certs.toString(), name, vmId,
                String.valueOf(force)));
    }

    /** A client of tests/src/test/resources. */
    private static String script(String name) {
        return Path.of(System.getProperty("hostbridge.repo"), "tests/src/test/resources", name).toString();
    }

    /** A JSON-RPC call over STOMP, the packets on the same connection ({@link StompConsole}). */
    static ConsoleCaller stomp(AgentExtension agent) {
        return (vmId, force) -> StompConsole.open(agent.port(), vmId, force);
    }

    /** The stream carried in memory to the agent's bridge ({@link MemoryStreamClient}), as a binding would. */
    /**
     * Presses Enter until the tiny guest's shell prompts ({@code hb.shell=1}): the console shows only what the guest
     * writes after it was opened, and the guest may still be booting (or have prompted before).
     */
    static void awaitShell(Console console, Duration boot) throws Exception {
        java.time.Instant deadline = java.time.Instant.now().plus(boot);
        while (true) {
            console.type("\r");
            try {
                console.awaitText(TinyGuest.SHELL_PROMPT, Duration.ofSeconds(2));
                return;
            } catch (AssertionError e) {
                if (java.time.Instant.now().isAfter(deadline)) {
                    throw new AssertionError("no shell prompt on the console within " + boot + " (a guest built"
                            + " before hb.shell existed? run scripts/realvm/setup.sh)", e);
                }
            }
        }
    }

    /** Numbers the commands {@link #inGuest} types, so that each one's output is found by its own markers. */
    java.util.concurrent.atomic.AtomicInteger COMMANDS = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * Runs a shell command in the tiny guest's shell; its output. The markers around it are made by the shell's
     * arithmetic, so that the typed line (which the shell echoes) does not hold them, only the output does.
     */
    static String inGuest(Console console, Duration timeout, String command) throws Exception {
        int n = COMMANDS.incrementAndGet();
        console.type("echo HB-B$((" + n + "+0))-; " + command + "; echo HB-E$((" + n + "+0))-\r");
        String text = console.awaitText("HB-E" + n + "-", timeout);
        String begin = "HB-B" + n + "-";
        return text.substring(text.lastIndexOf(begin) + begin.length(), text.lastIndexOf("HB-E" + n + "-"));
    }

    static ConsoleCaller inMemory(AgentExtension agent) {
        return (vmId, force) -> {
            MemoryStreamClient client = new MemoryStreamClient();
            try {
                agent.bridge().call(Transport.of("test", "127.0.0.1", null, Peer.INSECURE).withStreams(client),
                        "VM.openConsole", Map.of("vmID", vmId, "force", force));
            } catch (BridgeException e) {
                throw new Refused(e.code(), e.getMessage());
            }
            return new Console() {
                @Override
                public void type(String keys) {
                    client.type(keys);
                }

                @Override
                public String awaitText(String marker, Duration timeout) throws InterruptedException {
                    return client.awaitText(marker, timeout);
                }

                @Override
                public String awaitEnd(Duration timeout) throws InterruptedException {
                    while (true) {
                        StreamPacket p = client.next(timeout);
                        if (p.isEndOfData()) {
                            return "eof";
                        }
                        if (p.status() == StreamPacket.Status.OK) {
                            return "ok";
                        }
                        if (p.status() == StreamPacket.Status.ERROR) {
                            return "error " + p.code() + ": " + p.message();
                        }
                        // console output not read yet: skipped
                    }
                }

                @Override
                public void ok() {
                    client.ok();
                }

                @Override
                public void abort(String message) {
                    client.error(message);
                }
            };
        };
    }
}
