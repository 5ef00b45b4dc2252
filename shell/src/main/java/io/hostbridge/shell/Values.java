package io.hostbridge.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A command-line word as the JSON value a parameter's schema type wants: numbers and booleans parsed, enum values and
 * text as text, objects, maps and {@code any} as JSON text or {@code @FILE} ({@code @-}: standard input), lists as
 * JSON or comma-separated scalars. Words that do not fit are refused here, naming the option.
 */
final class Values {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,30}");

    /** A word that is not a value of its option's type. */
    static final class BadValue extends Exception {
        private static final long serialVersionUID = 1L;

        BadValue(String message) {
            super(message);
        }
    }

    private Values() {
    }

    /**
     * @param type   the parameter's type as the schema writes it: {@code "int"}, {@code "VmParams"}, {"list": T}…
     * @param types  the schema's {@code types}, to tell enums from objects
     */
    static JsonNode parse(String option, JsonNode type, JsonNode types, String word) throws BadValue {
        if (type.isObject() && type.has("list")) {
            String text = word.strip();
            if (text.startsWith("[") || text.startsWith("@")) {
                return json(option, word);
            }
            var list = NODES.arrayNode();
            for (String item : text.isEmpty() ? new String[0] : text.split(",")) {
                list.add(parse(option, type.get("list"), types, item.strip()));
            }
            return list;
        }
        if (type.isObject()) { // {"map": T}
            return json(option, word);
        }
        String name = type.asText();
        switch (name) {
            case "string":
            case "uuid":
                return NODES.textNode(word);
            case "boolean":
                if (word.equals("true") || word.equals("false")) {
                    return NODES.booleanNode(Boolean.parseBoolean(word));
                }
                throw new BadValue(option + " takes true or false, not '" + word + "'");
            case "int":
            case "long":
                if (INTEGER.matcher(word).matches()) {
                    return NODES.numberNode(new BigInteger(word));
                }
                throw new BadValue(option + " takes a whole number, not '" + word + "'");
            case "float":
                try {
                    return NODES.numberNode(Double.parseDouble(word));
                } catch (NumberFormatException e) {
                    throw new BadValue(option + " takes a number, not '" + word + "'");
                }
            case "any":
                return json(option, word);
            default:
                JsonNode def = types.path(name);
                return "enum".equals(def.path("kind").asText()) ? NODES.textNode(word) : json(option, word);
        }
    }

    /** JSON text, or {@code @FILE} holding it ({@code @-}: standard input). */
    private static JsonNode json(String option, String word) throws BadValue {
        String text = word;
        if (word.startsWith("@")) {
            try {
                text = word.equals("@-") ? new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                        : Files.readString(Path.of(word.substring(1)));
            } catch (IOException e) {
                throw new BadValue(option + ": cannot read " + word.substring(1) + " (" + e.getMessage() + ")");
            }
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new BadValue(option + " takes JSON (or @FILE), and '" + abbreviate(text) + "' is not JSON");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    /** A parameter's type for people: {@code int}, {@code VmParams (JSON or @FILE)}, {@code list of uuid}. */
    static String describe(JsonNode type, JsonNode types) {
        return describe(type, types, true);
    }

    /** @param input whether a value is given on the command line (then how: JSON or @FILE), or shown */
    static String describe(JsonNode type, JsonNode types, boolean input) {
        if (type.isObject() && type.has("list")) {
            return "list of " + describe(type.get("list"), types, input);
        }
        if (type.isObject() && type.has("map")) {
            return "map of " + describe(type.get("map"), types, false) + (input ? " (JSON or @FILE)" : "");
        }
        String name = type.asText();
        JsonNode def = types.path(name);
        if ("enum".equals(def.path("kind").asText())) {
            return String.join("|", JSON.convertValue(def.get("values"), String[].class));
        }
        return def.isMissingNode() || !input ? name : name + " (JSON or @FILE)";
    }
}
