package io.hostbridge.tests;

import static io.hostbridge.tests.RealVmAgent.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.tests.ConformanceClients.EventWatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * VM.openConsole on a real QEMU guest (the tiny guest with a shell on its serial console, {@code hb.shell=1}) on
 * the system libvirtd: a command typed into the console, its output read back; a second opener refused (5009)
 * unless it forces, which ends the first holder's stream with 5009; the same against {@code virsh console}; the VM
 * destroyed or the guest powering off ends the console with the end of data. Each scenario runs once per
 * {@link ConsoleCaller}: in memory through the bridge, over the WebSocket with Python's websockets, over STOMP, and
 * over AMQP with Qpid Proton (the agent's embedded broker, AMQPS with a client certificate of the agent's CA).
 * VM.screenshot of these guests (no video device) is refused with 5002.
 */
@Tag("realvm")
class RealVmConsoleTest {
    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final Duration STEP = Duration.ofSeconds(30);
    /** The embedded broker's port, for the AMQP caller. */
    private static final String BROKER_PORT = AmqpSupport.freePort();
    /** The AMQP caller's certificate: a manager's (write access, as VM.openConsole needs). */
    private static final String AMQP_USER = "console";

    @RegisterExtension
    @org.junit.jupiter.api.Order(1)
    static final RealVmHost host = new RealVmHost();

    @RegisterExtension
    @org.junit.jupiter.api.Order(2)
    static final AgentExtension agent = RealVmAgent.onSystemDaemon(Map.of("amqp.enabled", "true", "broker.port",
            BROKER_PORT));

    @TempDir
    static Path certs;

    private final RealVmAgent api = RealVmAgent.of(agent);

    @BeforeAll
    static void amqpCertificate() throws Exception {
        AmqpSupport.issue(agent, AMQP_USER, AccessLevel.WRITE, certs);
        AmqpSupport.awaitConnected(agent);
    }

    static Stream<Named<ConsoleCaller>> callers() {
        return Stream.of(Named.of("in memory", ConsoleCaller.inMemory(agent)),
                Named.of("WebSocket", ConsoleCaller.webSocket(agent)), Named.of("STOMP", ConsoleCaller.stomp(agent)),
                Named.of("AMQP", ConsoleCaller.amqp(agent, BROKER_PORT, certs, AMQP_USER)));
    }

    /** The tiny guest with a shell on its console, Up; its id. */
    private String createUp(EventWatch watch, String purpose) throws Exception {
        String vmId = UUID.randomUUID().toString();
        String name = RealVmAgent.name(purpose, vmId);
        host.track(host.systemUri(), name);
        api.ok("VM.create", "vmID", vmId, "vmParams", RealVmAgent.tinyGuest(host, vmId, name, "hb.shell=1"));
        awaitStatus(watch, vmId, "Up", BOOT);
        return vmId;
    }

    /** Opens the console without force, waiting while the holder that just left is still being let go. */
    private static ConsoleCaller.Console openWhenFree(ConsoleCaller caller, String vmId) throws Exception {
        return Poll.until(STEP, "the console of VM " + vmId + " free", () -> {
            try {
                return caller.open(vmId, false);
            } catch (ConsoleCaller.Refused e) {
                assertThat(e.code).as(e.getMessage()).isEqualTo(5009);
                return null;
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void aCommandTypedIntoTheConsoleShowsItsOutputAndOnlyForceTakesAHeldConsole(ConsoleCaller caller)
            throws Exception {
        try (EventWatch watch = api.watch("vm.status")) {
            String vmId = createUp(watch, "console");
            // the agent's VMs have no video device: QEMU has no screen to take, and the caller is told so
            ConformanceClients.Reply shot = api.call("VM.screenshot", "vmID", vmId);
            assertThat(shot.code()).as(shot.toString()).isEqualTo(5002);
            assertThat(shot.message()).contains("has no display");

            ConsoleCaller.Console first = caller.open(vmId, false);
            ConsoleCaller.awaitShell(first, BOOT);
            first.type("echo HB-$((6*7))\r");
            // the shell echoes the line as typed; only the command's output has the sum
            assertThat(first.awaitText("HB-42", STEP)).contains("echo HB-$((6*7))");

            ConsoleCaller.Refused busy = catchThrowableOfType(() -> caller.open(vmId, false),
                    ConsoleCaller.Refused.class);
            assertThat(busy).as("a second opener without force").isNotNull();
            assertThat(busy.code).isEqualTo(5009);

            ConsoleCaller.Console second = caller.open(vmId, true);
            assertThat(first.awaitEnd(STEP)).startsWith("error 5009: Another caller took the console");
            ConsoleCaller.awaitShell(second, BOOT);
            second.type("echo HB-$((40+3))\r");
            second.awaitText("HB-43", STEP);
            second.ok();
            assertThat(second.awaitEnd(STEP)).isEqualTo("ok");

            // free again: without force, and again after a caller that aborts
            ConsoleCaller.Console third = openWhenFree(caller, vmId);
            ConsoleCaller.awaitShell(third, BOOT);
            third.abort("the user closed the window");
            ConsoleCaller.Console fourth = openWhenFree(caller, vmId);
            ConsoleCaller.awaitShell(fourth, BOOT);

            // the VM destroyed under an open console: the end of data, then the OK handshake
            api.ok("VM.destroy", "vmID", vmId);
            assertThat(fourth.awaitEnd(STEP)).isEqualTo("eof");
            fourth.ok();
            assertThat(fourth.awaitEnd(STEP)).isEqualTo("ok");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void aConsoleVirshHoldsIsBusyUntilForcedAndThePoweredOffGuestEndsIt(ConsoleCaller caller) throws Exception {
        try (EventWatch watch = api.watch("vm.status")) {
            String vmId = createUp(watch, "conoff");
            String name = RealVmAgent.name("conoff", vmId);
            ConsoleCaller.Console console;
            // virsh console (libvirt's safe console, as the agent opens it) needs a terminal: script gives it one
            Process virsh = new ProcessBuilder("script", "-qfec", "virsh -c " + host.systemUri() + " console " + name,
                    "/dev/null").redirectErrorStream(true).start();
            try {
                StringBuffer virshOut = new StringBuffer();
                Thread reader = new Thread(() -> {
                    try {
                        virsh.getInputStream().transferTo(new java.io.OutputStream() {
                            @Override
                            public void write(int b) {
                                virshOut.append((char) b);
                            }
                        });
                    } catch (java.io.IOException e) {
                        // virsh ended
                    }
                }, "virsh-console");
                reader.setDaemon(true);
                reader.start();
                Poll.until(STEP, "virsh connected to the console (" + virshOut + ")",
                        () -> virshOut.indexOf("Escape character") >= 0 ? true : null);

                ConsoleCaller.Refused busy = catchThrowableOfType(() -> caller.open(vmId, false),
                        ConsoleCaller.Refused.class);
                assertThat(busy).as("VM.openConsole while virsh holds the console").isNotNull();
                assertThat(busy.code).isEqualTo(5009);
                assertThat(busy.getMessage()).contains("another libvirt client");

                console = caller.open(vmId, true);
                // virsh says its console stream failed; it then exits, or (some virsh builds) waits for a key first
                Poll.until(STEP, "virsh console ended by the forced open (" + virshOut + ")",
                        () -> !virsh.isAlive() || virshOut.indexOf("stream had I/O failure") >= 0 ? true : null);
            } finally {
                virsh.destroy();
            }
            ConsoleCaller.awaitShell(console, BOOT);
            console.type("poweroff -f\r");
            assertThat(console.awaitEnd(STEP)).isEqualTo("eof");
            console.ok();
            assertThat(console.awaitEnd(STEP)).isEqualTo("ok");
            awaitStatus(watch, vmId, "Down", STEP);
            ConsoleCaller.Refused down = catchThrowableOfType(() -> caller.open(vmId, false),
                    ConsoleCaller.Refused.class);
            assertThat(down.code).isEqualTo(6);
            api.ok("VM.destroy", "vmID", vmId);
        }
    }
}
