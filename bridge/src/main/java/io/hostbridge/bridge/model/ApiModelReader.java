package io.hostbridge.bridge.model;

import io.hostbridge.api.EventTopic;
import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiType;
import io.hostbridge.api.annotation.ApiVerb;
import io.hostbridge.api.annotation.WireName;
import io.hostbridge.api.stream.StreamHandler;
import io.hostbridge.api.stream.StreamMode;
import io.hostbridge.api.stream.StreamRef;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** Builds an {@link ApiModel} from annotated interfaces; rejects declarations the schema cannot describe. */
final class ApiModelReader {
    private static final Pattern NAMESPACE = Pattern.compile("[A-Z][A-Za-z0-9]*");
    private static final Pattern TYPE_NAME = Pattern.compile("[A-Z][A-Za-z0-9]*");
    private static final Map<Class<?>, TypeRef.Kind> PRIMITIVES = Map.ofEntries(
            Map.entry(boolean.class, TypeRef.Kind.BOOLEAN), Map.entry(Boolean.class, TypeRef.Kind.BOOLEAN),
            Map.entry(int.class, TypeRef.Kind.INT), Map.entry(Integer.class, TypeRef.Kind.INT),
            Map.entry(long.class, TypeRef.Kind.LONG), Map.entry(Long.class, TypeRef.Kind.LONG),
            Map.entry(double.class, TypeRef.Kind.FLOAT), Map.entry(Double.class, TypeRef.Kind.FLOAT),
            Map.entry(String.class, TypeRef.Kind.STRING), Map.entry(UUID.class, TypeRef.Kind.UUID),
            Map.entry(Object.class, TypeRef.Kind.ANY));

    private final MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    private final Map<String, VerbDef> verbs = new HashMap<>();
    private final Map<String, TypeDef> types = new HashMap<>();
    private final Map<Class<?>, TypeDef> typesByClass = new HashMap<>();
    private final Map<String, EventDef> events = new HashMap<>();

    ApiModel read(String version, Collection<Class<?>> namespaces) {
        for (Class<?> ns : namespaces) {
            readNamespace(ns);
        }
        return new ApiModel(version, verbs, types, events, typesByClass);
    }

    private void readNamespace(Class<?> ns) {
        ApiNamespace annotation = ns.getAnnotation(ApiNamespace.class);
        require(ns.isInterface() && annotation != null, ns + " must be an interface annotated @ApiNamespace");
        String namespace = annotation.value();
        require(NAMESPACE.matcher(namespace).matches(), ns + ": namespace must match " + NAMESPACE);
        Method[] methods = ns.getMethods();
        Arrays.sort(methods, Comparator.comparing(Method::getName));
        for (Method method : methods) {
            if (method.getDeclaringClass() == ns && !method.isDefault() && !Modifier.isStatic(method.getModifiers())) {
                readVerb(namespace, method);
            }
        }
        for (Field field : ns.getFields()) {
            if (field.getType() == EventTopic.class) {
                readEvent(field);
            }
        }
    }

    private void readVerb(String namespace, Method method) {
        ApiVerb verb = method.getAnnotation(ApiVerb.class);
        require(verb != null, method + " must be annotated @ApiVerb");
        require(verb.access() != io.hostbridge.api.AccessLevel.NONE, method + ": a verb needs at least read access");
        String name = namespace + "." + method.getName();
        require(!verbs.containsKey(name), "verb declared twice: " + name);
        List<ParamDef> params = new ArrayList<>();
        java.lang.reflect.Parameter[] parameters = method.getParameters();
        for (java.lang.reflect.Parameter parameter : parameters) {
            params.add(readParam(name, parameter));
        }
        require(params.stream().map(ParamDef::name).distinct().count() == params.size(),
                name + ": parameter names must be unique");
        TypeRef result;
        if (verb.stream() == StreamMode.NONE) {
            result = method.getReturnType() == void.class ? null
                    : typeRef(method.getGenericReturnType(), name + " result");
        } else {
            require(method.getReturnType() == StreamHandler.class,
                    name + ": a stream verb returns a StreamHandler (callers get a StreamRef)");
            result = typeRef(StreamRef.class, name + " result");
        }
        verbs.put(name, new VerbDef(name, namespace, verb.description(), verb.access(), verb.since(),
                verb.deprecated(), verb.servedDuringRecovery(), List.of(verb.errors()), params, result, method,
                verb.stream()));
    }

    private ParamDef readParam(String verb, java.lang.reflect.Parameter parameter) {
        ApiParam p = parameter.getAnnotation(ApiParam.class);
        require(p != null, verb + ": every parameter needs @ApiParam (" + parameter + ")");
        String where = verb + "(" + p.value() + ")";
        TypeRef type = typeRef(parameter.getParameterizedType(), where);
        Object defaultValue = p.defaultValue().isEmpty() ? null : JsonLiteral.parse(p.defaultValue(), where);
        require(!(p.optional() && parameter.getType().isPrimitive() && defaultValue == null),
                where + ": an optional primitive parameter needs a defaultValue");
        require(p.optional() || defaultValue == null, where + ": a defaultValue makes sense only when optional");
        return new ParamDef(p.value(), type, !p.optional(), defaultValue, p.description(),
                constraints(where, type, p.min(), p.max(), p.maxLength(), p.maxItems(), p.maxKeyLength()));
    }

    private void readEvent(Field field) {
        EventTopic<?> topic;
        try {
            topic = (EventTopic<?>) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("cannot read event constant " + field, e);
        }
        require(!events.containsKey(topic.name()), "event declared twice: " + topic.name());
        TypeRef payload = typeRef(topic.payloadType(), "event " + topic.name());
        events.put(topic.name(), new EventDef(topic.name(), payload, topic.description(), topic.since()));
    }

    private TypeRef typeRef(Type type, String where) {
        if (type instanceof Class<?> c) {
            TypeRef.Kind kind = PRIMITIVES.get(c);
            if (kind != null) {
                return new TypeRef.Primitive(kind);
            }
            return new TypeRef.Named(define(c, where).name());
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if (raw == List.class) {
                return new TypeRef.ListOf(typeRef(args[0], where));
            }
            if (raw == Map.class && args[0] == String.class) {
                return new TypeRef.MapOf(typeRef(args[1], where));
            }
        }
        throw new IllegalArgumentException(where + ": type " + type.getTypeName()
                + " is not allowed (use boolean, int, long, double, String, UUID, Object, List<T>,"
                + " Map<String,T>, or an @ApiType record or enum)");
    }

    private TypeDef define(Class<?> c, String where) {
        TypeDef known = typesByClass.get(c);
        if (known != null) {
            return known;
        }
        ApiType annotation = c.getAnnotation(ApiType.class);
        require(annotation != null && (c.isRecord() || c.isEnum()),
                where + ": " + c.getName() + " must be a record or enum annotated @ApiType");
        String name = annotation.name().isEmpty() ? c.getSimpleName() : annotation.name();
        require(TYPE_NAME.matcher(name).matches(), c + ": type name must match " + TYPE_NAME);
        require(!types.containsKey(name), "two types named " + name + ": " + c + " and " + types.get(name));
        if (c.isEnum()) {
            return register(c, new TypeDef.EnumType(name, annotation.description(), c, enumValues(c)));
        }
        // register a placeholder first so recursive types terminate; replaced once fields are read
        TypeDef.ObjectType placeholder = new TypeDef.ObjectType(name, annotation.description(), c, List.of(), null);
        register(c, placeholder);
        List<FieldDef> fields = new ArrayList<>();
        for (RecordComponent component : c.getRecordComponents()) {
            fields.add(readField(name, component));
        }
        Class<?>[] componentTypes = Arrays.stream(c.getRecordComponents()).map(RecordComponent::getType)
                .toArray(Class<?>[]::new);
        try {
            MethodHandle constructor = lookup.unreflectConstructor(c.getDeclaredConstructor(componentTypes))
                    .asSpreader(Object[].class, componentTypes.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
            return register(c, new TypeDef.ObjectType(name, annotation.description(), c, fields, constructor));
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(c + ": record and its constructor must be public", e);
        }
    }

    private FieldDef readField(String typeName, RecordComponent component) {
        ApiField f = component.getAnnotation(ApiField.class);
        String where = typeName + "." + component.getName();
        require(f != null, where + ": every record component needs @ApiField");
        require(!(f.optional() && component.getType().isPrimitive()), where + ": optional fields must be boxed");
        try {
            MethodHandle accessor = lookup.unreflect(component.getAccessor())
                    .asType(MethodType.methodType(Object.class, Object.class));
            TypeRef type = typeRef(component.getGenericType(), where);
            return new FieldDef(f.name().isEmpty() ? component.getName() : f.name(), type, f.optional(),
                    f.description(), f.unit(),
                    constraints(where, type, f.min(), f.max(), f.maxLength(), f.maxItems(), f.maxKeyLength()), accessor);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException(where + ": accessor must be public", e);
        }
    }

    /** The declared limits, refused where they cannot apply (an item limit on a string, a key limit on a list). */
    private static Constraints constraints(String where, TypeRef type, long min, long max, int maxLength,
                                           int maxItems, int maxKeyLength) {
        Constraints c = new Constraints(min, max, maxLength, maxItems, maxKeyLength);
        boolean collection = type instanceof TypeRef.ListOf || type instanceof TypeRef.MapOf;
        require(!c.hasMaxItems() || collection, where + ": maxItems applies to lists and maps only");
        require(!c.hasMaxKeyLength() || type instanceof TypeRef.MapOf, where + ": maxKeyLength applies to maps only");
        return c;
    }

    private static List<String> enumValues(Class<?> c) {
        List<String> values = new ArrayList<>();
        for (Object constant : c.getEnumConstants()) {
            values.add(wireName((Enum<?>) constant));
        }
        return values;
    }

    /** Wire spelling of an enum constant: {@link WireName} or the Java name. */
    static String wireName(Enum<?> constant) {
        try {
            WireName w = constant.getDeclaringClass().getField(constant.name()).getAnnotation(WireName.class);
            return w == null ? constant.name() : w.value();
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    private TypeDef register(Class<?> c, TypeDef def) {
        types.put(def.name(), def);
        typesByClass.put(c, def);
        return def;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
