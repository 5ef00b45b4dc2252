package io.hostbridge.core.transfer.internal;

import io.hostbridge.api.transfer.ImageTicket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * How a ticket is named where its id must not appear. The id is the bearer secret of the data URL
 * {@code /images/<id>}: events, logs above DEBUG and errors other callers may see name the transfer instead.
 */
final class TicketNames {
    private TicketNames() {
    }

    /**
     * The ticket's {@code transfer_id}; without one, {@code ticket-} and the first 16 hex digits of the SHA-256 of
     * the id's text: whoever holds the id can compute it, nobody can go back from it to the id.
     */
    static String publicName(ImageTicket spec) {
        if (spec.transferId() != null) {
            return spec.transferId();
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(spec.uuid().toString()
                    .getBytes(StandardCharsets.UTF_8));
            return "ticket-" + HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** For DEBUG lines only: the first 8 characters of the id, enough to tell tickets apart in one log. */
    static String masked(UUID id) {
        return id.toString().substring(0, 8) + "…";
    }
}
