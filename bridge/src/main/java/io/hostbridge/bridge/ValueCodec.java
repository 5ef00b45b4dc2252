package io.hostbridge.bridge;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.Printable;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.bridge.model.Constraints;
import io.hostbridge.bridge.model.FieldDef;
import io.hostbridge.bridge.model.TypeDef;
import io.hostbridge.bridge.model.TypeRef;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Converts between neutral wire values and the Java types of the declarations.
 *
 * <p>Decoding is strict and is the bridge's validation: every mismatch names the parameter path and the
 * rule. Encoding turns records, enums and UUIDs into maps and strings, leaving out absent optional fields.
 */
public final class ValueCodec {
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final ApiModel model;
    private final Map<Class<?>, Map<String, Enum<?>>> enumsByWireName = new HashMap<>();
    private final Map<Enum<?>, String> wireNames = new HashMap<>();

    public ValueCodec(ApiModel model) {
        this.model = model;
        for (TypeDef def : model.types().values()) {
            if (def instanceof TypeDef.EnumType e) {
                Map<String, Enum<?>> byName = new HashMap<>();
                Object[] constants = e.javaType().getEnumConstants();
                for (int i = 0; i < constants.length; i++) {
                    byName.put(e.values().get(i), (Enum<?>) constants[i]);
                    wireNames.put((Enum<?>) constants[i], e.values().get(i));
                }
                enumsByWireName.put(e.javaType(), byName);
            }
        }
    }

    // ---- decoding (wire → Java), with validation --------------------------------------------------

    /** Decodes and validates one value; {@code path} names it in errors (e.g. {@code vmParams.memSize}). */
    public Object decode(TypeRef type, Object value, String path, Constraints constraints) {
        if (value == null) {
            throw invalid(path, "must not be null");
        }
        if (type instanceof TypeRef.Primitive p) {
            return decodePrimitive(p.kind(), value, path, constraints);
        }
        if (type instanceof TypeRef.ListOf l) {
            List<?> items = asList(value);
            if (items == null) {
                throw invalid(path, "expected a list, got " + describe(value));
            }
            if (items.size() > constraints.maxItems()) {
                throw invalid(path, "at most " + constraints.maxItems() + " items, got " + items.size());
            }
            List<Object> out = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                out.add(decode(l.element(), items.get(i), path + "[" + i + "]", constraints.ofItems()));
            }
            return Collections.unmodifiableList(out);
        }
        if (type instanceof TypeRef.MapOf m) {
            Map<String, ?> entries = asMap(value, path);
            if (entries.size() > constraints.maxItems()) {
                throw invalid(path, "at most " + constraints.maxItems() + " entries, got " + entries.size());
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, ?> e : entries.entrySet()) {
                if (e.getKey().length() > constraints.maxKeyLength()) {
                    throw invalid(path, "keys must have at most " + constraints.maxKeyLength() + " characters, got '"
                            + Printable.of(e.getKey()) + "'");
                }
                out.put(e.getKey(), decode(m.value(), e.getValue(), path + "." + e.getKey(), constraints.ofItems()));
            }
            return Collections.unmodifiableMap(out);
        }
        TypeDef def = model.type(((TypeRef.Named) type).name());
        if (def instanceof TypeDef.EnumType e) {
            Enum<?> constant = value instanceof String s ? enumsByWireName.get(e.javaType()).get(s) : null;
            if (constant == null) {
                throw invalid(path, "expected one of " + e.values() + ", got " + describe(value));
            }
            return constant;
        }
        return decodeObject((TypeDef.ObjectType) def, value, path);
    }

    private Object decodeObject(TypeDef.ObjectType def, Object value, String path) {
        Map<String, ?> map = asMap(value, path);
        List<FieldDef> fields = def.fields();
        for (String key : map.keySet()) {
            if (fields.stream().noneMatch(f -> f.name().equals(key))) {
                throw invalid(path + "." + Printable.of(key), "unknown field; " + def.name() + " has "
                        + fields.stream().map(FieldDef::name).collect(Collectors.joining(", ")));
            }
        }
        Object[] args = new Object[fields.size()];
        for (int i = 0; i < args.length; i++) {
            FieldDef field = fields.get(i);
            Object raw = map.get(field.name());
            String fieldPath = path + "." + field.name();
            if (raw == null) {
                if (!field.optional()) {
                    throw BridgeException.forParameter(ErrorCode.MISSING_PARAMETER, fieldPath,
                            "Missing required field '" + fieldPath + "' (" + field.description() + ")");
                }
            } else {
                args[i] = decode(field.type(), raw, fieldPath, field.constraints());
            }
        }
        try {
            return (Object) def.constructor().get().invokeExact(args);
        } catch (IllegalArgumentException e) {
            // a record's compact constructor may check cross-field rules; its message is for the caller
            throw invalid(path, e.getMessage());
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private Object decodePrimitive(TypeRef.Kind kind, Object value, String path, Constraints c) {
        switch (kind) {
            case BOOLEAN:
                if (value instanceof Boolean) {
                    return value;
                }
                break;
            case INT: {
                Long l = integral(value);
                if (l != null) {
                    checkRange(l, Math.max(c.min(), Integer.MIN_VALUE), Math.min(c.max(), Integer.MAX_VALUE), path);
                    return l.intValue();
                }
                break;
            }
            case LONG: {
                Long l = integral(value);
                if (l != null) {
                    checkRange(l, c.min(), c.max(), path);
                    return l;
                }
                break;
            }
            case FLOAT:
                if (value instanceof Number n && !(value instanceof BigInteger)) {
                    double d = n.doubleValue();
                    if (!Double.isFinite(d)) {
                        throw invalid(path, "must be a finite number");
                    }
                    return d;
                }
                break;
            case STRING:
                if (value instanceof String s) {
                    if (s.length() > c.maxLength()) {
                        throw invalid(path, "longer than " + c.maxLength() + " characters");
                    }
                    return s;
                }
                break;
            case UUID:
                if (value instanceof String s) {
                    if (!CANONICAL_UUID.matcher(s).matches()) {
                        throw invalid(path, "not a UUID (expected 8-4-4-4-12 hex digits), got '" + Printable.of(s) + "'");
                    }
                    return UUID.fromString(s);
                }
                break;
            case ANY:
                return normalize(value);
            default:
                break;
        }
        throw invalid(path, "expected " + kind.wireName() + ", got " + describe(value));
    }

    private static Long integral(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger b && b.compareTo(LONG_MIN) >= 0 && b.compareTo(LONG_MAX) <= 0) {
            return b.longValue();
        }
        return null;
    }

    private static void checkRange(long v, long min, long max, String path) {
        if (v < min) {
            throw invalid(path, v + " is below the minimum " + min);
        }
        if (v > max) {
            throw invalid(path, v + " is above the maximum " + max);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> asMap(Object value, String path) {
        if (!(value instanceof Map<?, ?> m)) {
            throw invalid(path, "expected an object, got " + describe(value));
        }
        for (Object key : m.keySet()) {
            if (!(key instanceof String)) {
                throw invalid(path, "object keys must be strings");
            }
        }
        return (Map<String, ?>) m;
    }

    private static List<?> asList(Object value) {
        if (value instanceof List<?> l) {
            return l;
        }
        if (value instanceof Object[] a) {
            return Arrays.asList(a);
        }
        return null;
    }

    /** Neutral form of an untyped value: arrays become lists, nested alike. */
    private static Object normalize(Object value) {
        List<?> list = asList(value);
        if (list != null) {
            return list.stream().map(v -> v == null ? null : normalize(v)).collect(Collectors.toList());
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, v == null ? null : normalize(v)));
            return out;
        }
        return value;
    }

    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof Double || value instanceof Float) {
            return "float";
        }
        if (value instanceof Number) {
            return "integer";
        }
        if (value instanceof Map) {
            return "object";
        }
        if (asList(value) != null) {
            return "list";
        }
        return value.getClass().getSimpleName();
    }

    private static BridgeException invalid(String path, String rule) {
        return BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, path, "Invalid parameter '" + path + "': " + rule);
    }

    // ---- encoding (Java → wire) --------------------------------------------------------------------

    /** Encodes a result or payload as a neutral value. */
    public Object encode(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double) {
            return value;
        }
        if (value instanceof Number n) {
            return value instanceof Float ? (Object) n.doubleValue() : (Object) n.longValue();
        }
        if (value instanceof UUID) {
            return value.toString();
        }
        if (value instanceof Enum<?> e) {
            String wire = wireNames.get(e);
            return wire != null ? wire : e.name();
        }
        if (value instanceof Record) {
            return encodeRecord(value);
        }
        if (value instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object item : c) {
                out.add(encode(item));
            }
            return out;
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), encode(v)));
            return out;
        }
        if (value instanceof Object[] a) {
            return encode(Arrays.asList(a));
        }
        throw new IllegalStateException("cannot encode " + value.getClass() + " (not an API type)");
    }

    private Map<String, Object> encodeRecord(Object record) {
        TypeDef def = model.typeOf(record.getClass())
                .orElseThrow(() -> new IllegalStateException(record.getClass() + " is not an API type"));
        List<FieldDef> fields = ((TypeDef.ObjectType) def).fields();
        Map<String, Object> out = new LinkedHashMap<>(fields.size() * 2);
        for (FieldDef field : fields) {
            Object v;
            try {
                v = (Object) field.accessor().invokeExact(record);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
            if (v != null) {
                out.put(field.name(), encode(v));
            }
        }
        return out;
    }
}
