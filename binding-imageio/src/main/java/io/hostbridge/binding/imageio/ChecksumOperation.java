package io.hostbridge.binding.imageio;

import io.hostbridge.api.Printable;
import io.hostbridge.api.transfer.ChecksumResult;
import io.hostbridge.api.transfer.TicketOp;
import io.hostbridge.api.transfer.TransferOperation;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /images/{ticket}/checksum?algorithm=&block_size=}: the image's blkhash checksum. */
final class ChecksumOperation implements DataOperation {
    private final String ticket;

    ChecksumOperation(String ticket) {
        this.ticket = ticket;
    }

    @Override
    public String name() {
        return "images.checksum";
    }

    @Override
    public void start(Exchange exchange) {
        Operations.require(ticket);
        String blockSize = exchange.param("block_size", null);
        Integer size = null;
        if (blockSize != null) {
            try {
                size = Integer.valueOf(blockSize);
            } catch (NumberFormatException e) {
                throw Exchange.invalid("Invalid block size: '" + Printable.of(blockSize) + "'");
            }
        }
        ChecksumResult result;
        try (TransferOperation reading = exchange.session(ticket).begin(TicketOp.READ)) {
            result = reading.checksum(exchange.param("algorithm", null), size);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("algorithm", result.algorithm());
        m.put("block_size", result.blockSize());
        m.put("checksum", result.checksum());
        exchange.reply(Replies.json(m));
    }
}
