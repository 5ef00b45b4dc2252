package io.hostbridge.bridge.model;

import java.util.List;
import java.util.Map;

/**
 * Parses the JSON literals allowed as parameter defaults: true, false, null, integers, decimals, strings
 * without escapes other than {@code \"} and {@code \\}, and the empty list or object.
 */
final class JsonLiteral {
    private JsonLiteral() {
    }

    static Object parse(String text, String where) {
        String t = text.strip();
        switch (t) {
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            case "null":
                return null;
            case "[]":
                return List.of();
            case "{}":
                return Map.of();
            default:
                break;
        }
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            return t.substring(1, t.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        try {
            return t.matches("-?\\d+") ? (Object) Long.parseLong(t) : (Object) Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": defaultValue is not a JSON literal: " + text, e);
        }
    }
}
