package io.hostbridge.binding.imageio;

import io.hostbridge.api.transfer.TicketOp;
import io.hostbridge.api.transfer.TransferExtent;
import io.hostbridge.api.transfer.TransferOperation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /images/{ticket}/extents?context=zero|dirty}: the image's extents as imageio lists them. */
final class ExtentsOperation implements DataOperation {
    private final String ticket;

    ExtentsOperation(String ticket) {
        this.ticket = ticket;
    }

    @Override
    public String name() {
        return "images.extents";
    }

    @Override
    public void start(Exchange exchange) {
        String context = exchange.param("context", "zero");
        List<Map<String, Object>> out = new ArrayList<>();
        try (TransferOperation reading = exchange.session(Operations.require(ticket)).begin(TicketOp.READ)) {
            boolean dirty = context.equals("dirty");
            for (TransferExtent e : reading.extents(context)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("start", e.start());
                m.put("length", e.length());
                if (dirty) {
                    m.put("dirty", e.dirty());
                    m.put("zero", e.zero());
                } else {
                    m.put("zero", e.zero());
                    m.put("hole", e.hole());
                }
                out.add(m);
            }
        }
        exchange.reply(Replies.json(out));
    }
}
