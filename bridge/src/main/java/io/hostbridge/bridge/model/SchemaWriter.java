package io.hostbridge.bridge.model;

import io.hostbridge.api.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders an {@link ApiModel} as the machine-readable schema: a neutral value that serializes to JSON with
 * a stable key order, so the committed copy under {@code docs/schema/} diffs cleanly.
 */
public final class SchemaWriter {
    /** Version of the schema format itself (not of the API). */
    public static final int FORMAT_VERSION = 1;

    private SchemaWriter() {
    }

    public static Map<String, Object> write(ApiModel model) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("format", FORMAT_VERSION);
        schema.put("api", "hostbridge");
        schema.put("version", model.version());
        schema.put("primitives", primitives());
        Map<String, Object> verbs = new LinkedHashMap<>();
        model.verbs().forEach((name, verb) -> verbs.put(name, verb(verb)));
        schema.put("verbs", verbs);
        Map<String, Object> types = new LinkedHashMap<>();
        model.types().forEach((name, type) -> types.put(name, type(type)));
        schema.put("types", types);
        Map<String, Object> events = new LinkedHashMap<>();
        model.events().forEach((topic, event) -> events.put(topic, event(event)));
        schema.put("events", events);
        schema.put("eventEnvelope", eventEnvelope());
        Map<String, Object> errors = new LinkedHashMap<>();
        for (ErrorCode e : ErrorCode.values()) {
            // ordered maps only: the committed schema must be byte-identical on every JVM
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("name", e.wireName());
            error.put("kind", e.kind().name().toLowerCase(java.util.Locale.ROOT));
            error.put("message", e.message());
            errors.put(String.valueOf(e.code()), error);
        }
        schema.put("errors", errors);
        return schema;
    }

    private static Map<String, Object> primitives() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("boolean", "true or false");
        p.put("int", "32-bit signed integer");
        p.put("long", "64-bit signed integer");
        p.put("float", "double-precision number");
        p.put("string", "UTF-8 text");
        p.put("uuid", "string of 8-4-4-4-12 hexadecimal digits");
        p.put("any", "any JSON value");
        p.put("{\"list\": T}", "list of T");
        p.put("{\"map\": T}", "object with string keys and values of T");
        return p;
    }

    private static Map<String, Object> verb(VerbDef verb) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("description", verb.description());
        v.put("access", verb.access().wireName());
        v.put("since", verb.since());
        if (verb.deprecated()) {
            v.put("deprecated", true);
        }
        if (verb.servedDuringRecovery()) {
            v.put("servedDuringRecovery", true);
        }
        if (verb.stream() != io.hostbridge.api.stream.StreamMode.NONE) {
            v.put("stream", verb.stream().wireName());
        }
        if (verb.rest() != null) {
            Map<String, Object> rest = new LinkedHashMap<>();
            rest.put("method", verb.rest().httpMethod());
            rest.put("path", verb.rest().path());
            v.put("rest", rest);
        }
        List<Object> params = new ArrayList<>();
        for (ParamDef p : verb.params()) {
            Map<String, Object> param = new LinkedHashMap<>();
            param.put("name", p.name());
            param.put("type", p.type().toSchema());
            param.put("required", p.required());
            if (p.defaultValue() != null) {
                param.put("default", p.defaultValue());
            }
            constraints(param, p.constraints());
            param.put("description", p.description());
            params.add(param);
        }
        v.put("params", params);
        v.put("result", verb.result() == null ? null : verb.result().toSchema());
        List<Object> errors = new ArrayList<>();
        verb.errors().forEach(e -> errors.add(e.code()));
        v.put("errors", errors);
        return v;
    }

    private static Map<String, Object> type(TypeDef type) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("description", type.description());
        if (type instanceof TypeDef.EnumType e) {
            t.put("kind", "enum");
            t.put("values", e.values());
            return t;
        }
        t.put("kind", "object");
        Map<String, Object> fields = new LinkedHashMap<>();
        for (FieldDef f : ((TypeDef.ObjectType) type).fields()) {
            Map<String, Object> field = new LinkedHashMap<>();
            field.put("type", f.type().toSchema());
            field.put("optional", f.optional());
            if (!f.unit().isEmpty()) {
                field.put("unit", f.unit());
            }
            constraints(field, f.constraints());
            field.put("description", f.description());
            fields.put(f.name(), field);
        }
        t.put("fields", fields);
        return t;
    }

    private static void constraints(Map<String, Object> target, Constraints c) {
        if (c.hasMin()) {
            target.put("min", c.min());
        }
        if (c.hasMax()) {
            target.put("max", c.max());
        }
        if (c.hasMaxLength()) {
            target.put("maxLength", c.maxLength());
        }
        if (c.hasMaxItems()) {
            target.put("maxItems", c.maxItems());
        }
        if (c.hasMaxKeyLength()) {
            target.put("maxKeyLength", c.maxKeyLength());
        }
    }

    private static Map<String, Object> event(EventDef event) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("description", event.description());
        e.put("since", event.since());
        e.put("payload", event.payload().toSchema());
        return e;
    }

    private static Map<String, Object> eventEnvelope() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("topic", "string: dotted topic, a key of 'events'");
        e.put("subject", "string: id of what the event is about (VM, job, host)");
        e.put("hostId", "uuid: the publishing host");
        e.put("seq", "long: per-host sequence number, increasing");
        e.put("time", "string: ISO-8601 UTC time of publication");
        e.put("payload", "the event's payload type");
        return e;
    }
}
