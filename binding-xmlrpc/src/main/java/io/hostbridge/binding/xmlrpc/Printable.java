package io.hostbridge.binding.xmlrpc;

/** Caller-supplied names are echoed in replies and logs: keep them short and on one line. */
final class Printable {
    private static final int MAX = 80;

    private Printable() {
    }

    static String of(String s) {
        String cut = s.length() > MAX ? s.substring(0, MAX) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
