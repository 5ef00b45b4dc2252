package io.hostbridge.bridge.model;

import java.util.List;

/** A named type of the API: an object (a Java record) or an enum. */
public sealed interface TypeDef permits TypeDef.ObjectType, TypeDef.EnumType {

    String name();

    String description();

    Class<?> javaType();

    /**
     * An object type.
     *
     * @param constructor the record's canonical constructor, of type {@code (Object[]) Object}: the fields in order
     */
    record ObjectType(String name, String description, Class<?> javaType, List<FieldDef> fields,
                      LazyHandle constructor) implements TypeDef {
        public ObjectType {
            fields = List.copyOf(fields);
        }
    }

    /** An enum type; {@code values} are the wire spellings in declaration order. */
    record EnumType(String name, String description, Class<?> javaType, List<String> values) implements TypeDef {
        public EnumType {
            values = List.copyOf(values);
        }
    }
}
