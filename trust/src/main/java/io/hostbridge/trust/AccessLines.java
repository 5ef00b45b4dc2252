package io.hostbridge.trust;

import io.hostbridge.api.AccessLevel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The format of the files that give names a level ({@code tls.subjectAccess}, {@code amqp.userAccess}): one
 * {@code <none|read|write|admin> <name>} a line, the name being the rest of the line (so a subject with spaces
 * works), blank lines and {@code #} comments ignored. A file with a line that is not so is refused whole, naming the
 * line.
 */
final class AccessLines {
    private AccessLines() {
    }

    /**
     * @param what  what the name is, for messages (e.g. {@code subject DN})
     * @param key   the map's key for a name as written, e.g. its canonical form; throws IllegalArgumentException for
     *              a name that is not one
     */
    static Map<String, AccessLevel> parse(byte[] bytes, Path path, String what, UnaryOperator<String> key)
            throws IOException {
        Map<String, AccessLevel> map = new HashMap<>();
        int n = 0;
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            n++;
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            String[] parts = s.split("\\s+", 2);
            try {
                AccessLevel level = AccessLevel.valueOf(parts[0].toUpperCase(Locale.ROOT));
                if (parts.length < 2) {
                    throw new IOException(path + " line " + n + ": a " + what + " must follow the level");
                }
                map.put(key.apply(parts[1]), level);
            } catch (IllegalArgumentException e) {
                throw new IOException(path + " line " + n + ": expected '<none|read|write|admin> <" + what + ">'");
            }
        }
        return Map.copyOf(map);
    }
}
