package io.hostbridge.binding.imageio;

import java.util.Map;

/** {@code GET /info/} (the server's version) and {@code GET /images/{ticket}/checksum/algorithms}: no ticket needed. */
final class InfoOperation implements DataOperation {
    private final boolean algorithms;

    InfoOperation(boolean algorithms) {
        this.algorithms = algorithms;
    }

    @Override
    public String name() {
        return algorithms ? "images.algorithms" : "images.info";
    }

    @Override
    public void start(Exchange exchange) {
        var transfers = exchange.connection().transfers();
        exchange.reply(Replies.json(algorithms ? Map.of("algorithms", transfers.checksumAlgorithms())
                : Map.of("version", transfers.version())));
    }
}
