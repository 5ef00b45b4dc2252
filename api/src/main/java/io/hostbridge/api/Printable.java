package io.hostbridge.api;

/**
 * Caller-supplied names and values are echoed in error messages and logs: this keeps them short and on one
 * line, whatever the caller sent. Every binding and the bridge use it, so all echo alike.
 */
public final class Printable {
    private static final int MAX = 80;

    private Printable() {
    }

    /** At most 80 characters (then "…"), control characters as '?'; "null" for null. */
    public static String of(String s) {
        if (s == null) {
            return "null";
        }
        String cut = s.length() > MAX ? s.substring(0, MAX) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
