package io.hostbridge.bridge.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares two schemas (as written by {@link SchemaWriter}) and lists what would break existing callers.
 *
 * <p>Breaking: a verb, parameter, type, field, enum value or event removed; any type changed; an
 * optional parameter made required or a required one added; a verb's access level raised; a field of a
 * type that callers send made required or added as required; a field of a type that callers receive made
 * optional; a verb's REST resource moved or removed. Adding verbs, REST resources, optional parameters, types,
 * events and received fields is compatible.
 */
public final class SchemaCompatibility {
    private SchemaCompatibility() {
    }

    /** Human-readable breaking changes from {@code released} to {@code current}; empty when compatible. */
    public static List<String> breakingChanges(Map<String, ?> released, Map<String, ?> current) {
        List<String> problems = new ArrayList<>();
        Map<String, ?> oldVerbs = section(released, "verbs");
        Map<String, ?> newVerbs = section(current, "verbs");
        for (String name : oldVerbs.keySet()) {
            if (!newVerbs.containsKey(name)) {
                problems.add("verb removed: " + name);
            } else {
                compareVerb(name, map(oldVerbs.get(name)), map(newVerbs.get(name)), problems);
            }
        }
        Map<String, ?> oldEvents = section(released, "events");
        Map<String, ?> newEvents = section(current, "events");
        for (String topic : oldEvents.keySet()) {
            if (!newEvents.containsKey(topic)) {
                problems.add("event removed: " + topic);
            } else if (!Objects.equals(map(oldEvents.get(topic)).get("payload"), map(newEvents.get(topic)).get("payload"))) {
                problems.add("event " + topic + ": payload type changed");
            }
        }
        Set<String> sent = reachable(current, true);
        Set<String> received = reachable(current, false);
        Map<String, ?> oldTypes = section(released, "types");
        Map<String, ?> newTypes = section(current, "types");
        for (String name : oldTypes.keySet()) {
            if (!newTypes.containsKey(name)) {
                problems.add("type removed: " + name);
            } else {
                compareType(name, map(oldTypes.get(name)), map(newTypes.get(name)), sent.contains(name),
                        received.contains(name), problems);
            }
        }
        return problems;
    }

    private static void compareVerb(String verb, Map<String, ?> old, Map<String, ?> now, List<String> problems) {
        List<String> levels = List.of("read", "write", "admin");
        if (levels.indexOf(String.valueOf(now.get("access"))) > levels.indexOf(String.valueOf(old.get("access")))) {
            problems.add(verb + ": access level raised from " + old.get("access") + " to " + now.get("access"));
        }
        if (!Objects.equals(old.get("stream"), now.get("stream"))) {
            problems.add(verb + ": stream changed from " + old.get("stream") + " to " + now.get("stream"));
        }
        if (old.get("rest") != null && !Objects.equals(old.get("rest"), now.get("rest"))) {
            problems.add(verb + ": REST resource changed from " + old.get("rest") + " to " + now.get("rest"));
        }
        if (!Objects.equals(old.get("result"), now.get("result"))) {
            problems.add(verb + ": result type changed from " + old.get("result") + " to " + now.get("result"));
        }
        List<?> oldParams = (List<?>) old.get("params");
        List<?> newParams = (List<?>) now.get("params");
        for (Object o : oldParams) {
            Map<String, ?> op = map(o);
            Map<String, ?> np = param(newParams, op.get("name"));
            if (np == null) {
                problems.add(verb + ": parameter removed: " + op.get("name"));
                continue;
            }
            if (!Objects.equals(op.get("type"), np.get("type"))) {
                problems.add(verb + "(" + op.get("name") + "): type changed from " + op.get("type") + " to " + np.get("type"));
            }
            if (Boolean.TRUE.equals(np.get("required")) && !Boolean.TRUE.equals(op.get("required"))) {
                problems.add(verb + "(" + op.get("name") + "): optional parameter made required");
            }
        }
        for (Object n : newParams) {
            Map<String, ?> np = map(n);
            if (param(oldParams, np.get("name")) == null && Boolean.TRUE.equals(np.get("required"))) {
                problems.add(verb + ": required parameter added: " + np.get("name"));
            }
        }
        // positional callers (XML-RPC, JSON-RPC arrays) depend on the order of the old parameters
        for (int i = 0; i < oldParams.size() && i < newParams.size(); i++) {
            Object oldName = map(oldParams.get(i)).get("name");
            if (param(newParams, oldName) != null && !Objects.equals(oldName, map(newParams.get(i)).get("name"))) {
                problems.add(verb + ": parameter order changed at position " + i);
                break;
            }
        }
    }

    private static void compareType(String name, Map<String, ?> old, Map<String, ?> now, boolean sent,
                                    boolean received, List<String> problems) {
        if (!Objects.equals(old.get("kind"), now.get("kind"))) {
            problems.add("type " + name + ": kind changed");
            return;
        }
        if ("enum".equals(old.get("kind"))) {
            for (Object v : (List<?>) old.get("values")) {
                if (!((List<?>) now.get("values")).contains(v)) {
                    problems.add("type " + name + ": enum value removed: " + v);
                }
            }
            return;
        }
        Map<String, ?> oldFields = section(old, "fields");
        Map<String, ?> newFields = section(now, "fields");
        for (String field : oldFields.keySet()) {
            Map<String, ?> of = map(oldFields.get(field));
            Map<String, ?> nf = map(newFields.get(field));
            if (nf == null) {
                problems.add("type " + name + ": field removed: " + field);
                continue;
            }
            if (!Objects.equals(of.get("type"), nf.get("type"))) {
                problems.add("type " + name + "." + field + ": type changed from " + of.get("type") + " to " + nf.get("type"));
            }
            boolean madeOptional = Boolean.TRUE.equals(nf.get("optional")) && !Boolean.TRUE.equals(of.get("optional"));
            if (madeOptional && received) {
                problems.add("type " + name + "." + field + ": made optional in a type callers receive");
            }
            if (!madeOptional && !Objects.equals(of.get("optional"), nf.get("optional")) && sent) {
                problems.add("type " + name + "." + field + ": made required in a type callers send");
            }
        }
        if (sent) {
            for (String field : newFields.keySet()) {
                if (!oldFields.containsKey(field) && !Boolean.TRUE.equals(map(newFields.get(field)).get("optional"))) {
                    problems.add("type " + name + ": required field added to a type callers send: " + field);
                }
            }
        }
    }

    /** Names of types reachable from parameters ({@code fromParams}) or from results and event payloads. */
    private static Set<String> reachable(Map<String, ?> schema, boolean fromParams) {
        Deque<Object> refs = new ArrayDeque<>();
        for (Object verb : section(schema, "verbs").values()) {
            if (fromParams) {
                ((List<?>) map(verb).get("params")).forEach(p -> refs.add(map(p).get("type")));
            } else if (map(verb).get("result") != null) {
                refs.add(map(verb).get("result"));
            }
        }
        if (!fromParams) {
            section(schema, "events").values().forEach(e -> refs.add(map(e).get("payload")));
        }
        Map<String, ?> types = section(schema, "types");
        Set<String> seen = new HashSet<>();
        while (!refs.isEmpty()) {
            Object ref = refs.pop();
            if (ref instanceof Map<?, ?> m) {
                refs.addAll(m.values());
            } else if (ref instanceof String s && types.containsKey(s) && seen.add(s)) {
                Map<String, ?> fields = section(map(types.get(s)), "fields");
                fields.values().forEach(f -> refs.add(map(f).get("type")));
            }
        }
        return seen;
    }

    private static Map<String, ?> param(List<?> params, Object name) {
        return params.stream().map(SchemaCompatibility::map).filter(p -> Objects.equals(p.get("name"), name))
                .findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> map(Object o) {
        return (Map<String, ?>) o;
    }

    private static Map<String, ?> section(Map<String, ?> schema, String key) {
        Object s = schema.get(key);
        return s == null ? Map.of() : map(s);
    }
}
