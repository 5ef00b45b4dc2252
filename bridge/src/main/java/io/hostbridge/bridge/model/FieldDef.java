package io.hostbridge.bridge.model;

import java.lang.invoke.MethodHandle;

/**
 * One field of an object type.
 *
 * @param accessor the record component's accessor, of type {@code (Object) Object}, for encoding results
 */
public record FieldDef(String name, TypeRef type, boolean optional, String description, String unit,
                       Constraints constraints, MethodHandle accessor) {
}
