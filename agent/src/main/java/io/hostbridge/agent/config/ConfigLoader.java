package io.hostbridge.agent.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds the configuration from three layers: the embedded defaults, an optional YAML file, then
 * overrides (environment variables {@code HOSTBRIDGE_*}, or dotted keys in tests). Every key must exist in
 * the defaults, so a typo is an error, not a silently ignored setting.
 */
public final class ConfigLoader {
    /** Environment variables that override keys start with this. */
    public static final String ENV_PREFIX = "HOSTBRIDGE_";
    private static final String DEFAULTS = "/hostbridge-defaults.yaml";

    private final ObjectMapper yaml = JsonMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    /**
     * @param file      YAML file, or null for defaults only
     * @param env       the environment (only {@code HOSTBRIDGE_*} names are read)
     * @param overrides dotted keys to values, applied last (tests)
     */
    public AgentConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        ObjectNode tree = defaults();
        Map<String, JsonNode> leaves = leaves(tree);
        if (file != null) {
            merge(tree, readFile(file), "", file.toString());
        }
        for (String key : leaves.keySet()) {
            String value = env.get(envName(key));
            if (value != null) {
                set(tree, key, value, leaves.get(key));
            }
        }
        overrides.forEach((key, value) -> {
            if (!leaves.containsKey(key)) {
                throw new ConfigException("unknown configuration key '" + key + "'");
            }
            set(tree, key, value, leaves.get(key));
        });
        return bind(tree);
    }

    /** Every key of the embedded defaults with its default value, in file order. */
    public Map<String, String> defaultKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        leaves(defaults()).forEach((k, v) -> keys.put(k, v.asText()));
        return keys;
    }

    /** {@code http.maxRequestBytes} → {@code HOSTBRIDGE_HTTP_MAX_REQUEST_BYTES}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private ObjectNode defaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS)) {
            return (ObjectNode) yaml.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("embedded defaults unreadable", e);
        }
    }

    private JsonNode readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("configuration file not found: " + file);
        }
        try {
            JsonNode node = yaml.readTree(file.toFile());
            if (node == null || node.isMissingNode() || node.isNull()) {
                return yaml.createObjectNode();
            }
            if (!node.isObject()) {
                throw new ConfigException(file + ": the top level must be a mapping of sections");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + ": not valid YAML: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void merge(ObjectNode target, JsonNode source, String prefix, String origin) {
        Iterator<Map.Entry<String, JsonNode>> fields = source.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = prefix + field.getKey();
            JsonNode existing = target.get(field.getKey());
            if (existing == null) {
                throw new ConfigException(origin + ": unknown configuration key '" + key + "' (known: "
                        + knownUnder(target, prefix) + ")");
            }
            if (existing.isObject()) {
                if (!field.getValue().isObject()) {
                    throw new ConfigException(origin + ": '" + key + "' must be a section with keys "
                            + knownUnder((ObjectNode) existing, key + "."));
                }
                merge((ObjectNode) existing, field.getValue(), key + ".", origin);
            } else {
                if (field.getValue().isContainerNode()) {
                    throw new ConfigException(origin + ": '" + key + "' must be a single value");
                }
                target.set(field.getKey(), field.getValue());
            }
        }
    }

    private static String knownUnder(ObjectNode node, String prefix) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(n -> names.add(prefix + n));
        return String.join(", ", names);
    }

    private static Map<String, JsonNode> leaves(ObjectNode tree) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        collect(tree, "", out);
        return out;
    }

    private static void collect(JsonNode node, String prefix, Map<String, JsonNode> out) {
        node.fields().forEachRemaining(e -> {
            if (e.getValue().isObject()) {
                collect(e.getValue(), prefix + e.getKey() + ".", out);
            } else {
                out.put(prefix + e.getKey(), e.getValue());
            }
        });
    }

    /** Sets a leaf from text, typed like its default so that "0" stays a number and "false" a boolean. */
    private static void set(ObjectNode tree, String key, String value, JsonNode example) {
        String[] parts = key.split("\\.");
        ObjectNode section = (ObjectNode) tree.get(parts[0]);
        JsonNode typed = example.isTextual() ? TextNode.valueOf(value) : scalar(value.strip(), example);
        if (typed == null) {
            throw new ConfigException("'" + key + "' (" + envName(key) + "): expected " + kind(example)
                    + ", got '" + value + "'");
        }
        section.set(parts[1], typed);
    }

    /** Strict: only true/false for booleans and plain integers for numbers (YAML 1.1 would read "yes" as true). */
    private static JsonNode scalar(String value, JsonNode example) {
        if (example.isBoolean()) {
            return "true".equals(value) ? BooleanNode.TRUE : "false".equals(value) ? BooleanNode.FALSE : null;
        }
        try {
            return LongNode.valueOf(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private AgentConfig bind(ObjectNode tree) {
        try {
            return yaml.treeToValue(tree, AgentConfig.class);
        } catch (MismatchedInputException e) {
            String path = e.getPath().stream().map(r -> r.getFieldName()).collect(Collectors.joining("."));
            throw new ConfigException("'" + path + "': expected " + e.getTargetType().getSimpleName()
                    .toLowerCase(Locale.ROOT) + (e instanceof InvalidFormatException f ? ", got '" + f.getValue() + "'" : ""));
        } catch (JsonProcessingException e) {
            throw new ConfigException("configuration: " + e.getOriginalMessage());
        }
    }

    private static String kind(JsonNode example) {
        return example.isBoolean() ? "true or false" : example.isNumber() ? "a number" : "text";
    }
}
