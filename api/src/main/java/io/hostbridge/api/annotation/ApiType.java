package io.hostbridge.api.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record (an object type) or an enum that appears in the API. The schema names it after the Java
 * simple name unless {@link #name()} is given; names must be unique across the API.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ApiType {
    String description();

    /** Schema name; defaults to the simple class name. */
    String name() default "";
}
