package io.hostbridge.binding.imageio;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The two range headers of the protocol, parsed strictly: a bad header is an error, never ignored. */
final class Ranges {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d{1,19})-(\\d{0,19})");
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d{1,19})-(\\d{1,19})/(\\d{1,19}|\\*)");

    private Ranges() {
    }

    /** A GET range: {@code last} is -1 for "to the end". */
    record Range(long first, long last) {
    }

    /** Parses {@code Range: bytes=first-[last]}; null for a suffix, multiple or malformed range. */
    static Range range(String header) {
        Matcher m = RANGE.matcher(header);
        if (!m.matches()) {
            return null;
        }
        try {
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? -1 : Long.parseLong(m.group(2));
            return last >= 0 && last < first ? null : new Range(first, last);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The first byte of {@code Content-Range: bytes first-last/total}; -1 when malformed. */
    static long contentRangeFirst(String header) {
        Matcher m = CONTENT_RANGE.matcher(header);
        if (!m.matches()) {
            return -1;
        }
        try {
            long first = Long.parseLong(m.group(1));
            long last = Long.parseLong(m.group(2));
            return last < first ? -1 : first;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
