package io.hostbridge.binding.xmlrpc;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.Printable;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.bridge.model.FieldDef;
import io.hostbridge.bridge.model.ParamDef;
import io.hostbridge.bridge.model.TypeDef;
import io.hostbridge.bridge.model.TypeRef;
import io.hostbridge.bridge.model.VerbDef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns XML-RPC argument values into the bridge's neutral values. Only the wire format is handled here; the
 * bridge validates.
 *
 * <ul>
 *   <li>arrays arrive as {@code Object[]}: they become lists;</li>
 *   <li>XML-RPC integers are 32-bit, so where the schema says {@code long} (a parameter, or a field found by
 *       following the declared type through lists, maps and object types) a decimal string is accepted and
 *       becomes a Long — the same rule as for results, which send every long as a string;</li>
 *   <li>base64 and dateTime.iso8601 values are refused, naming the parameter: no verb takes bytes, and an
 *       XML-RPC dateTime has no time zone, so the agent could only guess what instant it means.</li>
 * </ul>
 */
final class Arguments {
    private static final TypeRef ANY = new TypeRef.Primitive(TypeRef.Kind.ANY);
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,19}");

    private final ApiModel model;

    Arguments(ApiModel model) {
        this.model = model;
    }

    /** Neutral values for the bridge, keyed like {@code named}. */
    Map<String, Object> decode(VerbDef verb, Map<String, Object> named) {
        Map<String, Object> out = new LinkedHashMap<>();
        named.forEach((name, value) -> out.put(name, decode(declaredType(verb, name), value, name)));
        return out;
    }

    private static TypeRef declaredType(VerbDef verb, String name) {
        // an undeclared name is passed on as it is: the bridge rejects it, naming it
        return verb.param(name).map(ParamDef::type).orElse(ANY);
    }

    private Object decode(TypeRef type, Object value, String path) {
        if (value instanceof byte[]) {
            throw refused(path, "base64", "no verb takes raw bytes");
        }
        if (value instanceof Date) {
            throw refused(path, "dateTime.iso8601",
                    "send times as ISO-8601 strings with a zone, e.g. 2024-05-01T12:00:00Z");
        }
        if (value instanceof Object[] array) {
            value = Arrays.asList(array);
        }
        if (value instanceof List<?> list) {
            TypeRef element = type instanceof TypeRef.ListOf l ? l.element() : ANY;
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                out.add(decode(element, list.get(i), path + "[" + i + "]"));
            }
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((key, member) -> out.put((String) key, decode(memberType(type, (String) key), member,
                    path + "." + Printable.of((String) key))));
            return out;
        }
        if (value instanceof String s && isLong(type) && DECIMAL.matcher(s).matches()) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException outOfRange) {
                return s; // the bridge says it is not a long, naming the parameter
            }
        }
        return value;
    }

    /** The declared type of a struct member; XML-RPC struct keys are always strings. */
    private TypeRef memberType(TypeRef type, String key) {
        if (type instanceof TypeRef.MapOf m) {
            return m.value();
        }
        if (type instanceof TypeRef.Named n && model.type(n.name()) instanceof TypeDef.ObjectType object) {
            return object.fields().stream().filter(f -> f.name().equals(key)).map(FieldDef::type).findFirst()
                    .orElse(ANY);
        }
        return ANY;
    }

    private static boolean isLong(TypeRef type) {
        return type instanceof TypeRef.Primitive p && p.kind() == TypeRef.Kind.LONG;
    }

    private static BridgeException refused(String path, String xmlRpcType, String hint) {
        return BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, path, "Invalid parameter '" + path
                + "': XML-RPC " + xmlRpcType + " values are not accepted (" + hint + ")");
    }
}
