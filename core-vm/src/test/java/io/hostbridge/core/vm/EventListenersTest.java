package io.hostbridge.core.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;

/**
 * The agent's libvirt event listeners leave with the connection: libvirt may keep a closed connection open (and go on
 * delivering its events) while the binding's callbacks die with the Connect object, which crashed a test JVM on the
 * event loop's thread when a guest rebooted after an earlier agent had stopped. Checked on the binding's own record
 * of its registered callbacks.
 */
class EventListenersTest {

    @Test
    void closingRemovesTheLifecycleAndTheRebootListener() throws Exception {
        io.hostbridge.core.vm.internal.LibvirtEventLoop.ensureStarted();
        Connect connect = new Connect("test:///default");
        try {
            VmEvents events = new VmEvents(null, () -> null, new LibvirtConnection(VmSettings.defaults()));
            events.connected(connect);
            assertThat(registered(connect, 0)).containsKey(events);
            assertThat(registered(connect, 1)).containsKey(events);
            events.closing(connect);
            assertThat(registered(connect, 0)).doesNotContainKey(events);
            assertThat(registered(connect, 1)).doesNotContainKey(events);
        } finally {
            connect.close();
        }
    }

    /** The binding's callbacks for libvirt's event id {@code id}. */
    private static Map<Object, Object> registered(Connect connect, int id) throws ReflectiveOperationException {
        Field field = Connect.class.getDeclaredField("eventListeners");
        field.setAccessible(true);
        @SuppressWarnings("unchecked")
        Map<Object, Object>[] byId = (Map<Object, Object>[]) field.get(connect);
        return byId[id];
    }
}
