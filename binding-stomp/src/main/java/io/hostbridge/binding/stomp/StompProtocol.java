package io.hostbridge.binding.stomp;

import io.hostbridge.http.SharedPortProtocol;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;

/**
 * STOMP on the shared listener: a connection whose first line is a STOMP client command (as VDSM's protocol
 * detector decides) is served here; the listener's filter hands each read to the connection's {@link StompSession}.
 */
@Singleton
final class StompProtocol implements SharedPortProtocol {
    /** STOMP 1.2's client commands; each must end its line, so HTTP's {@code CONNECT host:port} stays HTTP. */
    private static final List<byte[]> COMMANDS = List.of("CONNECT", "STOMP", "SEND", "SUBSCRIBE", "UNSUBSCRIBE",
            "BEGIN", "COMMIT", "ABORT", "ACK", "NACK", "DISCONNECT").stream()
            .map(c -> c.getBytes(StandardCharsets.US_ASCII)).toList();
    private static final Attribute<StompSession> SESSION =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute("hostbridge.stomp.session");

    private final StompRuntime runtime;
    private final Filter filter = new StompFilter();

    @Inject
    StompProtocol(StompRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public String name() {
        return "stomp";
    }

    @Override
    public int longestPrefix() {
        return "UNSUBSCRIBE\r\n".length();
    }

    @Override
    public Detection detect(byte[] prefix, int length) {
        boolean more = false;
        for (byte[] command : COMMANDS) {
            Detection d = detect(command, prefix, length);
            if (d == Detection.YES) {
                return d;
            }
            more |= d == Detection.MORE;
        }
        return more ? Detection.MORE : Detection.NO;
    }

    /** Whether the bytes are {@code command} then {@code \n} or {@code \r\n}, or could still become that. */
    static Detection detect(byte[] command, byte[] prefix, int length) {
        for (int i = 0; i < command.length; i++) {
            if (i >= length) {
                return Detection.MORE;
            }
            if (prefix[i] != command[i]) {
                return Detection.NO;
            }
        }
        if (length == command.length) {
            return Detection.MORE;
        }
        byte next = prefix[command.length];
        if (next == '\n') {
            return Detection.YES;
        }
        if (next != '\r') {
            return Detection.NO;
        }
        if (length == command.length + 1) {
            return Detection.MORE;
        }
        return prefix[command.length + 1] == '\n' ? Detection.YES : Detection.NO;
    }

    @Override
    public Filter filter() {
        return filter;
    }

    @Override
    public OwnListener ownListener() {
        return runtime.settings.ownListener();
    }

    /** Feeds a connection's reads to its session, made on the first one. */
    private final class StompFilter extends BaseFilter {
        @Override
        public NextAction handleRead(FilterChainContext ctx) throws IOException {
            Connection<?> connection = ctx.getConnection();
            StompSession session = SESSION.get(connection);
            if (session == null) {
                StompSession opened = runtime.open(new GrizzlyWire(connection));
                SESSION.set(connection, opened);
                connection.addCloseListener((closeable, type) -> opened.closed());
                session = opened;
            }
            Buffer input = ctx.getMessage();
            int length = input.remaining();
            byte[] bytes;
            int offset;
            if (input.hasArray()) {
                bytes = input.array();
                offset = input.arrayOffset() + input.position();
            } else {
                bytes = new byte[length];
                input.get(bytes);
                offset = 0;
            }
            session.received(bytes, offset, length);
            input.tryDispose();
            return ctx.getStopAction();
        }
    }
}
