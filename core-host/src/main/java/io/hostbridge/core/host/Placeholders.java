package io.hostbridge.core.host;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Drops the values firmware vendors put where they had nothing to say ("To be filled by O.E.M." and kin). */
final class Placeholders {

    private static final Set<String> PLACEHOLDERS = Set.of(
            "unknown", "none", "null", "n/a", "na", "not specified", "not available", "not applicable",
            "not present", "not defined", "unspecified", "default string", "default", "oem", "o.e.m.",
            "to be filled by o.e.m.", "to be filled by oem", "to be set by o.e.m.", "system manufacturer",
            "system product name", "system version", "system serial number", "base board manufacturer",
            "base board product name", "base board serial number", "chassis manufacturer", "type1productconfigid",
            "0123456789", "123456789", "1234567890", "x.x");
    // filler: "0", "00000000", "xxxxxxxx", "0.0", "--------", "********"
    private static final Pattern FILLER = Pattern.compile("[0x.\\-_* ]+");
    private static final Pattern ZERO_OR_F_UUID = Pattern.compile("(?i)([0-]+|[f-]+)");

    private Placeholders() {
    }

    /** {@code value} without surrounding whitespace, or null when it says nothing. */
    static String clean(String value) {
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        String lower = stripped.toLowerCase(Locale.ROOT);
        if (stripped.isEmpty() || PLACEHOLDERS.contains(lower) || FILLER.matcher(lower).matches()
                || ZERO_OR_F_UUID.matcher(lower).matches()) {
            return null;
        }
        return stripped;
    }
}
