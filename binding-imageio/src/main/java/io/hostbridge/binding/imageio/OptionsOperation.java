package io.hostbridge.binding.imageio;

import io.hostbridge.api.transfer.TransferSession.TicketOptions;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code OPTIONS /images/{ticket}} (or {@code *}): what the server and the ticket allow, and the unix socket. */
final class OptionsOperation implements DataOperation {
    private static final List<String> READ_FEATURES = List.of("checksum", "extents");
    private static final List<String> WRITE_FEATURES = List.of("checksum", "extents", "flush", "zero");
    private static final String ALL = "OPTIONS,GET,PUT,PATCH";

    private final String ticket;

    OptionsOperation(String ticket) {
        this.ticket = ticket;
    }

    @Override
    public String name() {
        return "images.options";
    }

    @Override
    public void start(Exchange exchange) {
        Map<String, Object> options = new LinkedHashMap<>();
        String allow;
        if (ticket.equals("*")) {
            allow = ALL;
            options.put("features", WRITE_FEATURES);
        } else {
            TicketOptions ticketOptions = exchange.session(Operations.require(ticket)).options();
            allow = ticketOptions.writable() ? ALL : "OPTIONS,GET";
            options.put("features", ticketOptions.writable() ? WRITE_FEATURES : READ_FEATURES);
            options.put("max_readers", ticketOptions.maxReaders());
            options.put("max_writers", ticketOptions.maxWriters());
        }
        String unixSocket = exchange.connection().unixSocket();
        if (unixSocket != null) {
            options.put("unix_socket", unixSocket);
        }
        FullHttpResponse r = Replies.json(options);
        r.headers().set(HttpHeaderNames.ALLOW, allow);
        exchange.reply(r);
    }
}
