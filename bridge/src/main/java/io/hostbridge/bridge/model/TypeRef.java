package io.hostbridge.bridge.model;

import java.util.Objects;

/** Reference to a type in the schema: a primitive, a list, a string-keyed map or a named type. */
public sealed interface TypeRef permits TypeRef.Primitive, TypeRef.ListOf, TypeRef.MapOf, TypeRef.Named {

    /** Rendering in the schema: a string for primitives and named types, an object for lists and maps. */
    Object toSchema();

    /** Primitive kinds. {@code uuid} is a string in canonical 8-4-4-4-12 hex form. */
    enum Kind {
        BOOLEAN, INT, LONG, FLOAT, STRING, UUID, ANY;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    record Primitive(Kind kind) implements TypeRef {
        public Primitive {
            Objects.requireNonNull(kind, "kind");
        }

        @Override
        public Object toSchema() {
            return kind.wireName();
        }
    }

    record ListOf(TypeRef element) implements TypeRef {
        @Override
        public Object toSchema() {
            return java.util.Map.of("list", element.toSchema());
        }
    }

    record MapOf(TypeRef value) implements TypeRef {
        @Override
        public Object toSchema() {
            return java.util.Map.of("map", value.toSchema());
        }
    }

    /** A type defined in the schema's {@code types} section. */
    record Named(String name) implements TypeRef {
        @Override
        public Object toSchema() {
            return name;
        }
    }
}
