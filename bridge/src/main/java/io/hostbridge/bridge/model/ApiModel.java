package io.hostbridge.bridge.model;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.Printable;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every verb, type and event of the API, read once from the annotated namespace interfaces. Immutable;
 * iteration order is by name, so anything generated from it is deterministic.
 */
public final class ApiModel {
    private final String version;
    private final SortedMap<String, VerbDef> verbs;
    private final SortedMap<String, TypeDef> types;
    private final SortedMap<String, EventDef> events;
    private final Map<Class<?>, TypeDef> typesByClass;

    ApiModel(String version, Map<String, VerbDef> verbs, Map<String, TypeDef> types, Map<String, EventDef> events,
             Map<Class<?>, TypeDef> typesByClass) {
        this.version = version;
        this.verbs = Collections.unmodifiableSortedMap(new TreeMap<>(verbs));
        this.types = Collections.unmodifiableSortedMap(new TreeMap<>(types));
        this.events = Collections.unmodifiableSortedMap(new TreeMap<>(events));
        this.typesByClass = Map.copyOf(typesByClass);
    }

    /**
     * Reads the API from {@code @ApiNamespace} interfaces.
     *
     * @throws IllegalArgumentException naming the declaration that is wrong (a programming error)
     */
    public static ApiModel read(String version, Collection<Class<?>> namespaces) {
        return new ApiModelReader().read(version, namespaces);
    }

    /** API version, e.g. {@code 0.1.0}. */
    public String version() {
        return version;
    }

    public SortedMap<String, VerbDef> verbs() {
        return verbs;
    }

    public SortedMap<String, TypeDef> types() {
        return types;
    }

    public SortedMap<String, EventDef> events() {
        return events;
    }

    public Optional<VerbDef> verb(String name) {
        return Optional.ofNullable(verbs.get(name));
    }

    /** The verb, or {@link ErrorCode#UNKNOWN_VERB} naming it. */
    public VerbDef requireVerb(String name) {
        VerbDef verb = verbs.get(name);
        if (verb == null) {
            throw unknownVerb(name);
        }
        return verb;
    }

    /** The error for a verb this API does not have. */
    public static BridgeException unknownVerb(String name) {
        return BridgeException.of(ErrorCode.UNKNOWN_VERB, "No such verb: '" + Printable.of(name)
                + "' (GET /api/v1/schema lists them)");
    }

    /** The named type defined for a Java class. */
    public Optional<TypeDef> typeOf(Class<?> javaType) {
        return Optional.ofNullable(typesByClass.get(javaType));
    }

    public TypeDef type(String name) {
        TypeDef def = types.get(name);
        if (def == null) {
            throw new IllegalArgumentException("No type named " + name);
        }
        return def;
    }
}
