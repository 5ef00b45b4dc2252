package io.hostbridge.bridge.model;

import io.hostbridge.api.EventTopic;
import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiType;
import io.hostbridge.api.annotation.ApiVerb;
import io.hostbridge.api.annotation.RestMapping;
import io.hostbridge.api.annotation.WireNames;
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

    private static final Pattern PATH_VARIABLE = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern PATH_LITERAL = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final java.util.Set<TypeRef.Kind> PATH_KINDS = java.util.EnumSet.of(TypeRef.Kind.UUID,
            TypeRef.Kind.STRING, TypeRef.Kind.INT, TypeRef.Kind.LONG);
    /** First path segments of the REST binding's own routes. */
    private static final java.util.Set<String> RESERVED_PATHS = java.util.Set.of("rpc", "jsonrpc", "events",
            "streams", "schema", "openapi.json", "metrics", "health");

    private final MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    private final Map<String, VerbDef> verbs = new HashMap<>();
    private final Map<String, TypeDef> types = new HashMap<>();
    private final Map<Class<?>, TypeDef> typesByClass = new HashMap<>();
    private final Map<String, EventDef> events = new HashMap<>();
    /** Verb by REST route ("GET /vms/{}"), to refuse two verbs on one resource. */
    private final Map<String, String> routes = new HashMap<>();

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
        RestMapping mapping = method.getAnnotation(RestMapping.class);
        RestRoute rest = mapping == null ? null : restRoute(name, verb, mapping, params);
        verbs.put(name, new VerbDef(name, namespace, verb.description(), verb.access(), verb.since(),
                verb.deprecated(), verb.servedDuringRecovery(), List.of(verb.errors()), params, result, method,
                verb.stream(), rest));
    }

    /**
     * The verb's REST resource, refused when a path segment names no parameter or one that is not a scalar, when a
     * parameter the query string must carry is an object, when a GET resource is a write verb, or when two verbs claim the
     * same method and path.
     */
    private RestRoute restRoute(String verb, ApiVerb declaration, RestMapping mapping, List<ParamDef> params) {
        String where = verb + " @RestMapping";
        String path = mapping.path();
        require(path.startsWith("/") && path.length() > 1 && !path.endsWith("/"),
                where + ": the path must start with '/' and not end with it");
        require(!RESERVED_PATHS.contains(path.split("/")[1]), where + ": /" + path.split("/")[1]
                + " belongs to the REST binding itself");
        Map<String, ParamDef> byName = new java.util.LinkedHashMap<>();
        params.forEach(p -> byName.put(p.name(), p));
        List<String> pathParams = new ArrayList<>();
        for (String segment : path.substring(1).split("/", -1)) {
            java.util.regex.Matcher variable = PATH_VARIABLE.matcher(segment);
            if (variable.matches()) {
                ParamDef param = byName.get(variable.group(1));
                require(param != null, where + ": {" + variable.group(1) + "} names no parameter");
                require(param.required() && param.type() instanceof TypeRef.Primitive primitive
                        && PATH_KINDS.contains(primitive.kind()), where + ": {" + param.name()
                        + "} must be a required uuid, string, int or long parameter");
                require(!pathParams.contains(param.name()), where + ": {" + param.name() + "} appears twice");
                pathParams.add(param.name());
            } else {
                require(PATH_LITERAL.matcher(segment).matches(), where + ": segment '" + segment
                        + "' must match " + PATH_LITERAL + " or be a {param}");
            }
        }
        List<String> queryParams = new ArrayList<>();
        List<String> bodyParams = new ArrayList<>();
        for (ParamDef param : params) {
            if (pathParams.contains(param.name())) {
                continue;
            }
            if (mapping.method().hasBody()) {
                bodyParams.add(param.name());
            } else {
                require(queryable(param.type()), where + ": " + param.name() + " cannot travel in a query string"
                        + " (a " + mapping.method() + " resource takes scalars and lists of scalars only)");
                queryParams.add(param.name());
            }
        }
        // write access marks a verb that changes something; admin verbs may only read (a ticket, for its secret)
        require(mapping.method() != RestMapping.Method.GET || declaration.access() != io.hostbridge.api.AccessLevel.WRITE,
                where + ": a GET resource cannot be a verb that needs write access");
        String route = mapping.method() + " " + path.replaceAll("\\{[^}]*}", "{}");
        String other = routes.putIfAbsent(route, verb);
        require(other == null, where + ": " + mapping.method() + " " + path + " is " + other + "'s resource already");
        return new RestRoute(mapping.method(), path, pathParams, queryParams, bodyParams);
    }

    /** A scalar (not 'any'), an enum, or a list of those. */
    private boolean queryable(TypeRef type) {
        TypeRef scalar = type instanceof TypeRef.ListOf list ? list.element() : type;
        return scalar instanceof TypeRef.Primitive p ? p.kind() != TypeRef.Kind.ANY
                : scalar instanceof TypeRef.Named n && types.get(n.name()) instanceof TypeDef.EnumType;
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
            // checked now (a record whose constructor is not public is refused at start), adapted on first use
            MethodHandle direct = lookup.unreflectConstructor(c.getDeclaredConstructor(componentTypes));
            LazyHandle constructor = new LazyHandle(() -> direct.asSpreader(Object[].class, componentTypes.length)
                    .asType(MethodType.methodType(Object.class, Object[].class)));
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
            values.add(WireNames.of((Enum<?>) constant));
        }
        return values;
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
