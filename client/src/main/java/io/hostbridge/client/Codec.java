package io.hostbridge.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.WireName;
import io.hostbridge.api.annotation.WireNames;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The contract's Java types on the wire, by the same rules the agent applies: records by their fields' wire names
 * ({@link ApiField#name()}), enums by their {@link WireName}, UUIDs as text, lists and string-keyed maps. Fields the
 * agent added after this client was built are ignored, so a newer agent does not break an older client.
 */
final class Codec {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Map<Class<?>, Map<String, Enum<?>>> ENUMS = new ConcurrentHashMap<>();

    private Codec() {
    }

    /** A Java value of the contract (or plain maps, lists and scalars) as JSON. */
    static JsonNode encode(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof String || value instanceof UUID) {
            return NODES.textNode(value.toString());
        }
        if (value instanceof Enum<?> constant) {
            return NODES.textNode(WireNames.of(constant));
        }
        if (value instanceof Record record) {
            ObjectNode object = NODES.objectNode();
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                Object field;
                try {
                    field = component.getAccessor().invoke(record);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalArgumentException("cannot read " + component, e);
                }
                if (field != null) {
                    object.set(fieldName(component), encode(field));
                }
            }
            return object;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((k, v) -> object.set(String.valueOf(k), encode(v)));
            return object;
        }
        if (value instanceof Collection<?> list) {
            ArrayNode array = NODES.arrayNode();
            list.forEach(item -> array.add(encode(item)));
            return array;
        }
        return JSON.valueToTree(value); // numbers and booleans
    }

    /** JSON as the Java type a declaration names ({@code Object}: plain maps, lists and scalars). */
    static Object decode(JsonNode node, Type type) {
        if (node == null || node.isNull() || node.isMissingNode() || type == void.class || type == Void.class) {
            return defaultOf(type);
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                List<Object> list = new ArrayList<>(node.size());
                node.forEach(item -> list.add(decode(item, args[0])));
                return list;
            }
            if (Map.class.isAssignableFrom(raw)) {
                Map<String, Object> map = new LinkedHashMap<>();
                node.fields().forEachRemaining(e -> map.put(e.getKey(), decode(e.getValue(), args[1])));
                return map;
            }
            throw new IllegalArgumentException("type " + type + " is not a contract type");
        }
        Class<?> c = (Class<?>) type;
        if (c == Object.class) {
            return JSON.convertValue(node, Object.class);
        }
        if (c == String.class) {
            return node.asText();
        }
        if (c == UUID.class) {
            return UUID.fromString(node.asText());
        }
        if (c == boolean.class || c == Boolean.class) {
            return node.asBoolean();
        }
        if (c == int.class || c == Integer.class) {
            return node.asInt();
        }
        if (c == long.class || c == Long.class) {
            return node.asLong();
        }
        if (c == double.class || c == Double.class) {
            return node.asDouble();
        }
        if (c.isEnum()) {
            Enum<?> constant = enumValues(c).get(node.asText());
            if (constant == null) {
                throw new HostbridgeException(0, null, "The agent sent " + c.getSimpleName() + " '" + node.asText()
                        + "', which this client does not know; a newer client knows it", null, null);
            }
            return constant;
        }
        if (c.isRecord()) {
            return record(node, c);
        }
        throw new IllegalArgumentException("type " + c.getName() + " is not a contract type");
    }

    private static Object record(JsonNode node, Class<?> c) {
        RecordComponent[] components = c.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = decode(node.get(fieldName(components[i])), components[i].getGenericType());
        }
        try {
            Constructor<?> constructor = c.getDeclaredConstructor(types);
            return constructor.newInstance(args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new HostbridgeException(0, null, "The agent's " + c.getSimpleName() + " does not fit this client: "
                    + e.getCause().getMessage(), null, null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot make a " + c.getName(), e);
        }
    }

    /** What an absent value is in Java: null, or a primitive's zero. */
    private static Object defaultOf(Type type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == double.class) {
            return 0.0;
        }
        return null;
    }

    static String fieldName(RecordComponent component) {
        ApiField field = component.getAnnotation(ApiField.class);
        return field == null || field.name().isEmpty() ? component.getName() : field.name();
    }

    private static Map<String, Enum<?>> enumValues(Class<?> c) {
        return ENUMS.computeIfAbsent(c, type -> {
            Map<String, Enum<?>> values = new HashMap<>();
            for (Object constant : type.getEnumConstants()) {
                values.put(WireNames.of((Enum<?>) constant), (Enum<?>) constant);
            }
            return values;
        });
    }
}
