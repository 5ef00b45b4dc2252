package io.hostbridge.bridge.model;

/**
 * One parameter of a verb.
 *
 * @param defaultValue neutral default value for an optional parameter, or null for none
 */
public record ParamDef(String name, TypeRef type, boolean required, Object defaultValue, String description,
                       Constraints constraints) {
}
