package io.hostbridge.core.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hostbridge.api.BridgeException;
import io.hostbridge.bridge.stream.MemoryStreamClient;
import io.hostbridge.bridge.stream.StreamPacket;
import io.hostbridge.core.vm.FakeConsoles.FakeConsole;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * VM.openConsole through the bridge, the caller played in memory: typing and output both ways, the one holder and
 * force, every way a console ends. libvirt's test driver runs the VMs; its consoles are {@link FakeConsoles}, which
 * behave as libvirt's blocking stream does (RealVmConsoleTest in tests/ runs the same against QEMU).
 */
@Timeout(60)
class VmConsoleTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path stateDir;
    private final FakeConsoles consoles = new FakeConsoles();
    private CoreAgent agent;

    @BeforeEach
    void start() throws Exception {
        agent = new CoreAgent(stateDir, new FakeConsoleModule(consoles));
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    private String createUp(boolean console) throws InterruptedException {
        String id = UUID.randomUUID().toString();
        Map<String, Object> params = new HashMap<>(VmLifecycleTest.params("con-" + id.substring(0, 8)));
        params.put("console", console);
        agent.call("VM.create", Map.of("vmID", id, "vmParams", params));
        agent.awaitStatus(id, "Up");
        return id;
    }

    private MemoryStreamClient open(String vmId, Object... more) {
        Map<String, Object> params = new HashMap<>(Map.of("vmID", vmId));
        for (int i = 0; i < more.length; i += 2) {
            params.put((String) more[i], more[i + 1]);
        }
        return agent.stream("VM.openConsole", params);
    }

    private BridgeException refused(String vmId, Object... more) {
        try {
            open(vmId, more);
        } catch (BridgeException e) {
            return e;
        }
        throw new AssertionError("VM.openConsole succeeded; expected a refusal");
    }

    /** Opens the console and closes it at once: it is free (no force needed). */
    private void openAndClose(String vmId) throws InterruptedException {
        MemoryStreamClient caller = open(vmId);
        assertThat(consoles.last().forced).isFalse();
        caller.ok();
        assertThat(caller.next(WAIT).status()).isEqualTo(StreamPacket.Status.OK);
    }

    private static void assertError(StreamPacket packet, int code) {
        assertThat(packet.status()).as(packet.toString()).isEqualTo(StreamPacket.Status.ERROR);
        assertThat(packet.code()).as(packet.message()).isEqualTo(code);
    }

    @Test
    void whatTheCallerTypesReachesTheConsoleAndTheGuestsOutputComesBackUntilTheCallersOk() throws Exception {
        String vm = createUp(true);
        MemoryStreamClient caller = open(vm);
        FakeConsole console = consoles.last();
        assertThat(console.devname).isNull();
        assertThat(console.forced).isFalse();

        caller.type("echo HB-42\r");
        assertThat(caller.awaitText("HB-42\r\n" + FakeConsoles.PROMPT, WAIT)).startsWith("echo HB-42\r\nHB-42\r\n");
        assertThat(console.typed()).isEqualTo("echo HB-42\r");
        console.print("unasked output\r\n");
        caller.awaitText("unasked output", WAIT);

        caller.ok();
        assertThat(caller.next(WAIT).status()).isEqualTo(StreamPacket.Status.OK);
        assertThat(caller.awaitClosed(WAIT)).isTrue();
        assertThat(console.ended()).isEqualTo("finished");
        assertThat(console.closed()).as("the console stream released before the caller's stream ended").isTrue();

        // the console is free again: a new opener needs no force
        openAndClose(vm);
    }

    @Test
    void aSecondOpenerIsRefusedWhileTheConsoleIsHeldAndForceTakesItFromTheHolder() throws Exception {
        String vm = createUp(true);
        MemoryStreamClient first = open(vm);
        FakeConsole held = consoles.last();

        BridgeException busy = refused(vm);
        assertThat(busy.code()).isEqualTo(5009);
        assertThat(busy.getMessage()).contains("force");
        assertThat(consoles.opened()).hasSize(1);

        MemoryStreamClient second = open(vm, "force", true);
        assertThat(consoles.last().forced).isTrue();
        StreamPacket end = first.next(WAIT);
        assertError(end, 5009);
        assertThat(end.message()).contains("Another caller took the console");
        assertThat(first.awaitClosed(WAIT)).isTrue();
        assertThat(held.ended()).isEqualTo("aborted");
        assertThat(held.closed()).isTrue();

        second.type("echo mine now\r");
        second.awaitText("\r\nmine now\r\n", WAIT);
        assertThat(refused(vm).code()).isEqualTo(5009);
        second.ok();
        assertThat(second.next(WAIT).status()).isEqualTo(StreamPacket.Status.OK);
    }

    @Test
    void theConsoleClosingAsTheVmStopsIsTheEndOfDataAndTheOkHandshake() throws Exception {
        String vm = createUp(true);
        MemoryStreamClient caller = open(vm);
        FakeConsole console = consoles.last();
        console.print("HOSTBRIDGE-GUEST-POWEROFF\r\n");
        console.hangUp();

        caller.awaitText("POWEROFF", WAIT);
        assertThat(caller.next(WAIT).isEndOfData()).isTrue();
        caller.ok();
        assertThat(caller.next(WAIT).status()).isEqualTo(StreamPacket.Status.OK);
        assertThat(caller.awaitClosed(WAIT)).isTrue();
        assertThat(console.ended()).isEqualTo("finished");
    }

    @Test
    void theCallersAbortWakesTheReaderAndFreesTheConsole() throws Exception {
        String vm = createUp(true);
        MemoryStreamClient caller = open(vm);
        FakeConsole console = consoles.last();
        caller.type("x");
        caller.awaitText("x", WAIT);

        caller.error("the user closed the window");
        assertThat(caller.awaitClosed(WAIT)).isTrue();
        assertThat(console.ended()).isEqualTo("aborted");
        assertThat(console.closed()).as("the console stream released before the caller's stream ended").isTrue();
        // nothing after the caller's ERROR: the stream is over (a packet after its end fails next())
        assertThatThrownBy(() -> caller.next(Duration.ZERO)).hasMessageContaining("no packet");

        openAndClose(vm);
    }

    @Test
    void aDroppedConnectionFreesTheConsole() throws Exception {
        String vm = createUp(true);
        MemoryStreamClient caller = open(vm);
        FakeConsole console = consoles.last();

        caller.drop();
        assertThat(caller.awaitClosed(WAIT)).isTrue();
        assertThat(console.ended()).isEqualTo("aborted");
        openAndClose(vm);
    }

    @Test
    void aHoleIsRefusedAndEndsTheConsole() throws Exception {
        String vm = createUp(true);
        MemoryStreamClient caller = open(vm);

        caller.hole(4096);
        StreamPacket end = caller.next(WAIT);
        assertError(end, 5008);
        assertThat(end.message()).contains("not holes");
        assertThat(consoles.last().ended()).isEqualTo("aborted");
    }

    @Test
    void aStoppingAgentEndsItsConsolesWithCode40() throws Exception {
        String vm = createUp(true);
        MemoryStreamClient caller = open(vm);

        agent.close();
        assertError(caller.next(WAIT), 40);
        assertThat(consoles.last().ended()).isEqualTo("aborted");
    }

    @Test
    void namedConsolesMustExistAndAVmWithoutOneIsRefused() throws Exception {
        String withConsole = createUp(true);
        BridgeException unnamed = refused(withConsole, "devname", "serial7");
        assertThat(unnamed.code()).isEqualTo(5002);
        assertThat(unnamed.parameter()).isEqualTo("devname");
        // the test driver names no devices: the message says to leave devname out
        assertThat(unnamed.getMessage()).contains("'serial7'").contains("leave devname out");

        String without = createUp(false);
        BridgeException none = refused(without);
        assertThat(none.code()).isEqualTo(5002);
        assertThat(none.parameter()).isEqualTo("vmID");
        assertThat(none.getMessage()).contains("no serial console");
        assertThat(consoles.opened()).isEmpty();
    }

    @Test
    void aVmThatIsUnknownOrDownHasNoConsole() throws Exception {
        assertThat(refused(UUID.randomUUID().toString()).code()).isEqualTo(1);

        String vm = createUp(true);
        agent.call("VM.shutdown", Map.of("vmID", vm));
        agent.awaitStatus(vm, "Down");
        assertThat(refused(vm).code()).isEqualTo(6);
        assertThat(consoles.opened()).isEmpty();
    }
}
